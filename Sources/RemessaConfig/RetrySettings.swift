/// How a route retries temporary failures and when it stops trying for a while (route keys `maxAttempts`,
/// `retryBackoff`, `retryBackoffMax`, `circuitFailures`, `circuitOpenFor`).
public struct RetrySettings: Sendable, Equatable {
    /// Submissions of one message at most, the first included; then it ends `CARRIER_ERROR`.
    public var maxAttempts: Int
    /// The wait before the second attempt; it doubles for each further one, with jitter, up to `backoffMax`.
    public var backoff: Duration
    public var backoffMax: Duration
    /// Consecutive transport failures that open the route's circuit.
    public var circuitFailures: Int
    /// How long an open circuit waits before one probe submission.
    public var circuitOpenFor: Duration

    public init(
        maxAttempts: Int = 6,
        backoff: Duration = .seconds(2),
        backoffMax: Duration = .seconds(300),
        circuitFailures: Int = 20,
        circuitOpenFor: Duration = .seconds(10)
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.backoffMax = backoffMax
        self.circuitFailures = circuitFailures
        self.circuitOpenFor = circuitOpenFor
    }
}
