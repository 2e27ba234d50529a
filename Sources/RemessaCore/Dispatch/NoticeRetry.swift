/// When a notice that failed is tried again (contract §11): doubling from `first` up to `ceiling`, for `giveUpAfter`
/// from its recording, then never again. Pure arithmetic; the caller reads the clock.
public struct NoticeRetry: Sendable, Equatable {
    public var first: Duration
    public var ceiling: Duration
    public var giveUpAfter: Duration

    public init(
        first: Duration = .seconds(5),
        ceiling: Duration = .seconds(900),
        giveUpAfter: Duration = .seconds(24 * 3600)
    ) {
        self.first = first
        self.ceiling = ceiling
        self.giveUpAfter = giveUpAfter
    }

    /// Seconds from now until the next attempt after `attempts` failed ones (1 or more), or nil when that
    /// attempt would come `giveUpAfter` or more after the notice was recorded (`age` seconds ago): give up.
    public func delay(afterAttempts attempts: Int, age: Double) -> Double? {
        let doublings = min(max(attempts - 1, 0), 30)
        let delay = min(first.inSeconds * Double(1 << doublings), ceiling.inSeconds)
        return age + delay < giveUpAfter.inSeconds ? delay : nil
    }
}
