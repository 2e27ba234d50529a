/// A token bucket: a sustained `rate` of tokens per second with room for a `burst`.
///
/// Time is passed in as seconds on a monotonic clock and never read. The bucket starts full. Tokens are
/// counted in `Double`, refilled lazily from the elapsed time, so a long run gives `rate × seconds` tokens plus
/// the initial burst, whatever the call pattern; a take of up to `burst` succeeds exactly when
/// ``available(now:)`` covers it and ``delay(for:now:)`` is 0. A take of more than `burst` tokens waits for a
/// full bucket and then leaves it in debt, so an oversize batch is slowed down but never stuck.
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    public private(set) var rate: Double
    /// The most tokens the bucket holds.
    public private(set) var burst: Int

    private var tokens: Double
    private var refilledAt: Double

    /// A full bucket refilling at `rate` tokens per second (negative or NaN rates count as 0), holding at most
    /// `burst` tokens (at least 1).
    public init(rate: Double, burst: Int, now: Double) {
        self.rate = Self.sanitised(rate)
        self.burst = max(1, burst)
        self.tokens = Double(self.burst)
        self.refilledAt = now
    }

    /// Changes the rate from `now` on; the time before `now` is credited at the old rate.
    public mutating func setRate(_ rate: Double, now: Double) {
        self.refill(now: now)
        self.rate = Self.sanitised(rate)
    }

    /// Changes the burst from `now` on; tokens above the new burst are dropped.
    public mutating func setBurst(_ burst: Int, now: Double) {
        self.refill(now: now)
        self.burst = max(1, burst)
        self.tokens = min(self.tokens, Double(self.burst))
    }

    /// Takes `count` tokens if they are there at `now`; otherwise takes nothing and returns `false`.
    public mutating func tryTake(_ count: Int = 1, now: Double) -> Bool {
        guard count > 0 else { return true }
        self.refill(now: now)
        guard self.tokens >= self.needed(for: count) else { return false }
        self.tokens -= Double(count)
        return true
    }

    /// The tokens in the bucket at `now`, at most `burst`; negative while an oversize take is repaid.
    public func available(now: Double) -> Double {
        var copy = self
        copy.refill(now: now)
        return copy.tokens
    }

    /// Seconds from `now` until `tryTake(count, now:)` would succeed: 0 if it would now, `.infinity` if the
    /// rate is 0 and the tokens will never come.
    public func delay(for count: Int = 1, now: Double) -> Double {
        guard count > 0 else { return 0 }
        let missing = self.needed(for: count) - self.available(now: now)
        guard missing > 0 else { return 0 }
        guard self.rate > 0 else { return .infinity }
        let wait = missing / self.rate
        // A wait too short to change `now` (a high rate far from the clock's origin) would leave a caller that
        // advances a clock by it stuck: wait at least one step of `now`'s resolution.
        return now + wait > now ? wait : now.ulp
    }

    /// Credits the time since the last refill; a clock that goes backwards credits nothing.
    private mutating func refill(now: Double) {
        guard now > self.refilledAt else { return }
        let capacity = Double(self.burst)
        if self.tokens < capacity {
            // Multiplying only a positive elapsed time keeps `0 × ∞` (NaN) out for an infinite rate.
            let refilled = min(capacity, self.tokens + (now - self.refilledAt) * self.rate)
            // Waiting exactly `delay(for:now:)` can land a rounding error of `now` short of a whole token;
            // snapping up to it lets the caller take the token it waited for, at the cost of a tiny surplus.
            let whole = Self.nearestWhole(refilled)
            let snaps = whole >= refilled && whole - refilled <= self.snapTolerance(now: now)
            self.tokens = snaps ? whole : refilled
        }
        self.refilledAt = now
    }

    /// The tokens that must be in the bucket for a take of `count`: an oversize take needs a full bucket.
    private func needed(for count: Int) -> Double {
        Double(min(count, self.burst))
    }

    /// How far short of a whole token a refill may be and still be snapped up to it: what one step of `now`'s
    /// resolution is worth at this rate, at least 1e-9 and at most 1e-3 token (so at most 0.1 % surplus).
    private func snapTolerance(now: Double) -> Double {
        min(1e-3, max(1e-9, self.rate * now.ulp))
    }

    /// The whole number nearest `value`, without libm (`rounded()` calls C's `round`, which a binary that does
    /// not link Foundation lacks on Linux).
    private static func nearestWhole(_ value: Double) -> Double {
        // From 2^52 on every Double is whole; below it the conversion to Int64 cannot trap.
        guard abs(value) < 0x1p52 else { return value }
        return Double(Int64(value < 0 ? value - 0.5 : value + 0.5))
    }

    private static func sanitised(_ rate: Double) -> Double {
        rate.isNaN ? 0 : max(0, rate)
    }
}
