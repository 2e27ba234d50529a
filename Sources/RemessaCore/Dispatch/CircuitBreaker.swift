/// A circuit breaker for one route: stops sending to a gateway that keeps failing, then probes it.
///
/// Closed, it allows every attempt and counts consecutive failures; at ``failureThreshold`` it opens for
/// ``openFor`` seconds and allows none. Once that time has passed the next ``allowsAttempt(now:)`` turns it
/// half-open and allows exactly one probe; the probe's success closes it, its failure opens it again.
/// Results that arrive while it is open come from attempts allowed before it opened and are ignored.
///
/// Every method that can change the state returns the new state when it did, and ``transitions`` counts the
/// changes, so the caller can log and count them without callbacks.
public struct CircuitBreaker: Sendable, Hashable {
    /// Where the breaker stands.
    public enum State: Sendable, Hashable {
        /// Attempts flow; consecutive failures are counted.
        case closed
        /// No attempt until `until` (seconds on the caller's monotonic clock).
        case open(until: Double)
        /// One probe is allowed; its result decides.
        case halfOpen
    }

    /// Consecutive failures that open a closed breaker.
    public let failureThreshold: Int
    /// Seconds an opened breaker stays open.
    public let openFor: Double
    /// The current state.
    public private(set) var state: State = .closed
    /// Consecutive failures counted while closed.
    public private(set) var consecutiveFailures = 0
    /// How many times the state changed.
    public private(set) var transitions = 0

    private var probeOutstanding = false

    /// A closed breaker that opens after `failureThreshold` (at least 1) consecutive failures, for `openFor`
    /// seconds.
    public init(failureThreshold: Int, openFor: Double) {
        self.failureThreshold = max(1, failureThreshold)
        self.openFor = max(0, openFor)
    }

    /// Whether an attempt may be made at `now`; `true` in half-open state reserves the single probe, which the
    /// caller must report with ``recordSuccess(now:)``, ``recordFailure(now:)`` or ``abandonProbe()``.
    public mutating func allowsAttempt(now: Double) -> Bool {
        switch self.state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            self.change(to: .halfOpen)
            self.probeOutstanding = true
            return true
        case .halfOpen:
            guard !self.probeOutstanding else { return false }
            self.probeOutstanding = true
            return true
        }
    }

    /// An attempt succeeded: a closed breaker forgets its failures, a half-open one closes.
    ///
    /// - Returns: the new state if it changed.
    @discardableResult
    public mutating func recordSuccess(now: Double) -> State? {
        switch self.state {
        case .closed:
            self.consecutiveFailures = 0
            return nil
        case .open:
            return nil
        case .halfOpen:
            self.consecutiveFailures = 0
            return self.change(to: .closed)
        }
    }

    /// An attempt failed: a closed breaker opens at the threshold, a half-open one opens again.
    ///
    /// - Returns: the new state if it changed.
    @discardableResult
    public mutating func recordFailure(now: Double) -> State? {
        switch self.state {
        case .closed:
            self.consecutiveFailures += 1
            guard self.consecutiveFailures >= self.failureThreshold else { return nil }
            return self.change(to: .open(until: now + self.openFor))
        case .open:
            return nil
        case .halfOpen:
            return self.change(to: .open(until: now + self.openFor))
        }
    }

    /// The probe allowed in half-open state was not sent after all: the next attempt may probe instead.
    public mutating func abandonProbe() {
        self.probeOutstanding = false
    }

    @discardableResult
    private mutating func change(to state: State) -> State? {
        guard state != self.state else { return nil }
        self.state = state
        self.probeOutstanding = false
        self.transitions += 1
        return state
    }
}
