extension Duration {
    /// Whole milliseconds, rounded down; what `poll` and libssh2's timeouts take.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Fractional seconds, for log metadata and throughput.
    var seconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
