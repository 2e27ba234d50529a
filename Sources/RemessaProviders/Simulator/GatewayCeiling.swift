/// The simulated gateway's own intake limit: a token bucket of `ceiling` messages per second holding a tenth of a
/// second's worth (at least one), so a sender above the ceiling is told to slow down within 100 ms.
///
/// This is the gateway's limit, not Remessa's throttle: it exists so the dispatcher's push-back handling has
/// something real to react to. Time is passed in as seconds.
struct GatewayCeiling: Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var refilledAt: Double

    init(ceiling: Double, now: Double) {
        self.rate = max(ceiling, 0.001)
        self.capacity = max(1, (self.rate / 10).rounded(.up))
        self.tokens = self.capacity
        self.refilledAt = now
    }

    /// Takes one token, or answers how many seconds until one is there.
    mutating func take(now: Double) -> Double? {
        if now > self.refilledAt {
            self.tokens = min(self.capacity, self.tokens + (now - self.refilledAt) * self.rate)
            self.refilledAt = now
        }
        guard self.tokens >= 1 else { return (1 - self.tokens) / self.rate }
        self.tokens -= 1
        return nil
    }
}
