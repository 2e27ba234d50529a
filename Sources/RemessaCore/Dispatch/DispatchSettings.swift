/// How one route's dispatcher sends: the route's throttle, window, retries and circuit breaker, plus the
/// dispatcher's own cadences.
public struct DispatchSettings: Sendable, Equatable {
    /// Messages per second, sustained.
    public var rate: Double
    /// Messages that may go at once after a quiet spell.
    public var burst: Int
    /// Messages submitted and not yet answered, at most.
    public var maxInFlight: Int
    /// Messages per gateway call (the provider's preference).
    public var batchSize: Int
    /// When temporary failures are retried, and when they are given up.
    public var retry: RetryPolicy
    /// Consecutive failures that open the circuit.
    public var circuitFailures: Int
    /// How long an open circuit stays open before its probe.
    public var circuitOpenFor: Duration
    /// Seeds the retry jitter, so a route's retry times are the same from run to run.
    public var seed: UInt64

    /// Messages read per batch per store query.
    public var pageSize = 1024
    /// A batch's buffered messages under which its next page is read.
    public var lowWater = 256
    /// How often the queue is listed (new batches, cancellations, TTLs, retries due) while there is work.
    public var activeListing: Duration = .milliseconds(250)
    /// How often it is listed while there is none: an idle route costs one query a second.
    public var idleListing: Duration = .seconds(1)
    /// The shortest wait for tokens: at high rates a wake hands out a millisecond's worth, not one message.
    public var tokenWakeFloor: Duration = .milliseconds(1)
    /// How long a stop keeps retrying outcomes the store did not take.
    public var stopRetryLimit: Duration = .seconds(30)
    /// How long a stop waits for submissions in flight before abandoning them (their messages stay `QUEUED`
    /// and go out again, with the same idempotency key, after a restart).
    public var stopGrace: Duration = .seconds(60)

    public init(
        rate: Double,
        burst: Int,
        maxInFlight: Int,
        batchSize: Int = 1,
        retry: RetryPolicy,
        circuitFailures: Int,
        circuitOpenFor: Duration,
        seed: UInt64 = 0
    ) {
        self.rate = rate
        self.burst = burst
        self.maxInFlight = maxInFlight
        self.batchSize = max(1, batchSize)
        self.retry = retry
        self.circuitFailures = circuitFailures
        self.circuitOpenFor = circuitOpenFor
        self.seed = seed
    }
}
