/// How the built-in `simulator` gateway behaves (route key `simulator:`): the outcome mix, its speed, and its
/// temporary failures, reproducible from a seed.
public struct SimulatorSettings: Sendable, Equatable {
    /// Shares of the final outcomes; they need not add up to 1 (they are normalised).
    public var delivered: Double
    public var notDelivered: Double
    public var expired: Double
    public var carrierRejected: Double
    public var invalidNumber: Double
    /// How long one submit takes.
    public var submitLatency: Duration
    /// How long after the submit the delivery report arrives.
    public var dlrDelay: Duration
    /// Messages per second the gateway takes at most; above it, submits are refused as "slow down" (`nil`: no limit).
    public var ceiling: Double?
    /// Every `failureEvery`, the gateway refuses submits as temporarily unavailable for `failureFor` (`nil`: never).
    public var failureEvery: Duration?
    public var failureFor: Duration
    /// Seed of the outcome draw: the same seed and message ids give the same outcomes.
    public var seed: UInt64

    public init(
        delivered: Double = 0.92,
        notDelivered: Double = 0.03,
        expired: Double = 0.02,
        carrierRejected: Double = 0.02,
        invalidNumber: Double = 0.01,
        submitLatency: Duration = .milliseconds(2),
        dlrDelay: Duration = .seconds(1),
        ceiling: Double? = nil,
        failureEvery: Duration? = nil,
        failureFor: Duration = .seconds(5),
        seed: UInt64 = 1
    ) {
        self.delivered = delivered
        self.notDelivered = notDelivered
        self.expired = expired
        self.carrierRejected = carrierRejected
        self.invalidNumber = invalidNumber
        self.submitLatency = submitLatency
        self.dlrDelay = dlrDelay
        self.ceiling = ceiling
        self.failureEvery = failureEvery
        self.failureFor = failureFor
        self.seed = seed
    }
}
