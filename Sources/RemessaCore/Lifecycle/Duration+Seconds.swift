extension Duration {
    /// The duration in seconds, fractions included, as a `Double` (for rates, clocks in seconds and `Date`s).
    public var inSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
