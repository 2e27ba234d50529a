extension Duration {
    /// The duration in whole microseconds, rounded down and clamped at zero (systemd's `usec_t` is unsigned).
    var wholeMicroseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        guard seconds >= 0 else { return 0 }
        let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return .max }
        return product &+ UInt64(attoseconds / 1_000_000_000_000)
    }
}
