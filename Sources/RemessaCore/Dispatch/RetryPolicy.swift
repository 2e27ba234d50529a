/// When to resubmit a message after a temporary failure: exponential backoff with equal jitter.
///
/// After the `n`th failed submission the nominal wait is `d = min(cap, base × 2^(n-1))`, and the wait returned
/// is uniform in `[d/2, d]`: never shorter than half the nominal wait (so retries do back off), spread enough
/// that messages failed together are not resubmitted together.
public struct RetryPolicy: Sendable, Hashable {
    /// Submissions in all, the first included; after this many failures the message is given up.
    public let maxAttempts: Int
    /// The nominal wait after the first failure, in seconds.
    public let base: Double
    /// The longest nominal wait, in seconds.
    public let cap: Double

    /// A policy of at most `maxAttempts` submissions (at least 1), waits doubling from `base` up to `cap`.
    public init(maxAttempts: Int, base: Double, cap: Double) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = Self.sanitised(base)
        self.cap = Self.sanitised(cap)
    }

    /// The wait in seconds before the next submission once `attempt` submissions have failed (1 after the
    /// first), given `unitRandom` in `[0, 1)`; `nil` when `attempt` reaches ``maxAttempts``: give up.
    public func delay(afterAttempt attempt: Int, unitRandom: Double) -> Double? {
        guard attempt < self.maxAttempts else { return nil }
        let nominal = self.nominalDelay(afterAttempt: attempt)
        let unit = unitRandom.isNaN ? 0 : min(1, max(0, unitRandom))
        return nominal / 2 + nominal / 2 * unit
    }

    /// The wait before jitter: `min(cap, base × 2^(attempt-1))`.
    public func nominalDelay(afterAttempt attempt: Int) -> Double {
        // 2^1023 is the largest finite power; past it `base × 2^n` would be ∞, and `0 × ∞` NaN.
        let exponent = min(1023, max(0, attempt - 1))
        let factor = Double(sign: .plus, exponent: exponent, significand: 1)
        return self.base == 0 ? 0 : min(self.cap, self.base * factor)
    }

    private static func sanitised(_ seconds: Double) -> Double {
        seconds.isNaN ? 0 : max(0, seconds)
    }
}
