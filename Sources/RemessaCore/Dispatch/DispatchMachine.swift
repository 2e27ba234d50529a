import Foundation

/// One route's dispatcher as a value: fed events (a listing or a page of the queue read, a gateway's answer, a
/// commit done, time passed, stop) and returning the actions to perform. It never reads a clock and performs no
/// I/O, so every rule is tested with instants chosen by the test.
///
/// It sends fairly between drops and batches, strictly by priority, never faster than the token bucket and the
/// in-flight window allow, slower while the gateway pushes back, not at all while the circuit is open, and only
/// inside each message's send window.
///
/// Crash safety: a message leaves the in-flight window only once its outcome is committed, so after a `kill -9`
/// at most `maxInFlight` messages were submitted without the store knowing; they are still `QUEUED` and go out
/// again with the same idempotency key (their id). While commits fail (a full disk), their outcomes are held
/// and the route sends and reads nothing new: what the process knows it never submits twice.
public struct DispatchMachine<Gate: DispatchGate>: Sendable {
    public let settings: DispatchSettings
    /// The drops' rules; the caller may change what it answers between events.
    public var gate: Gate

    /// The instant seconds are counted from, for the throttle's arithmetic.
    let origin: ContinuousClock.Instant
    var bucket: TokenBucket
    var adaptive: AdaptiveRate
    var breaker: CircuitBreaker
    var window: InFlightWindow
    var random: SplitMix64
    /// No submissions before this (the gateway's `Retry-After`), in seconds.
    var pausedUntil = 0.0

    var scheduler = FairScheduler<Lane>()
    var lanes: [Lane: LaneBuffer] = [:]
    var cursors: [Int64: BatchCursor] = [:]
    /// Ids buffered, in flight or held uncommitted, so a new pass over a batch does not hand them out twice.
    var known: Set<Int64> = []
    var reading = Reading.none
    /// Batches whose next page is to be read, in order.
    var pagesWanted: [Int64] = []
    /// Ids finished while a page read was outstanding: its page may still show them as queued.
    var finishedDuringRead: Set<Int64> = []
    /// When the queue is listed next, in seconds.
    var nextListing = 0.0
    /// Work arrived while a listing was out.
    var listAgain = false
    /// The earliest retry or window due of a batch whose pass is complete, in seconds.
    var nextRescan = Double.infinity
    /// The earliest deadline (time to live, `sendUntil`) of a batch not yet expired, in seconds.
    var nextDeadline = Double.infinity

    var submissions: [Int: DispatchSubmission] = [:]
    var nextID = 0
    /// Outcomes waiting for the next commit, and the window slots their commit frees.
    var outbox: [DispatchRecord] = []
    var outboxSlots = 0
    var committing: Commit?
    /// Outcomes whose commit failed, retried with backoff; their ids stay in ``known``.
    var uncommitted = UncommittedOutcomes<DispatchRecord>()

    var stopping: Stopping?
    public internal(set) var isStopped = false

    /// The read outstanding: one at a time, so a page never races a listing.
    enum Reading: Equatable {
        case none
        case listing
        case page(batchID: Int64)
    }

    struct Commit {
        let id: Int
        let records: [DispatchRecord]
        /// Window slots freed once the commit answers.
        let slots: Int
        let isRetry: Bool
    }

    struct Stopping {
        let since: Double
        /// When the last submission answered, from which held outcomes are retried for `stopRetryLimit`.
        var drainedAt: Double?
    }

    /// A machine that starts at `time`, with a full bucket and a closed circuit.
    public init(settings: DispatchSettings, gate: Gate, at time: ClockReading) {
        self.settings = settings
        self.gate = gate
        self.origin = time.instant
        // The runner wakes a little late now and then (a timer overshoots, a store read runs): 20 ms of catch-up
        // keeps the long-run rate on target even with `burst: 1`.
        self.bucket = TokenBucket(
            rate: settings.rate,
            burst: max(settings.burst, Int(min(settings.rate * 0.02, 1_000_000).rounded(.up))),
            now: 0
        )
        self.adaptive = AdaptiveRate(ceiling: settings.rate)
        self.breaker = CircuitBreaker(
            failureThreshold: settings.circuitFailures,
            openFor: settings.circuitOpenFor.inSeconds
        )
        self.window = InFlightWindow(limit: settings.maxInFlight)
        self.random = SplitMix64(seed: settings.seed)
    }

    // MARK: Events

    /// Begins: the queue is listed at once.
    public mutating func start(at time: ClockReading) -> [DispatchAction] {
        nextListing = seconds(time)
        return advance(at: time)
    }

    /// Time passed (a wake the machine asked for, or any other).
    public mutating func tick(at time: ClockReading) -> [DispatchAction] {
        advance(at: time)
    }

    /// New work may be queued (a file was ingested): list the queue now rather than at the next listing.
    public mutating func workArrived(at time: ClockReading) -> [DispatchAction] {
        nextListing = min(nextListing, seconds(time))
        // A listing already out may have missed the new work: list again once it answers.
        listAgain = reading == .listing
        return advance(at: time)
    }

    /// Stops handing out messages; ``DispatchAction/stopped(unrecorded:abandoned:)`` follows once what is in
    /// flight answered and its outcomes were committed (or the stop's bounds ran out).
    public mutating func stop(at time: ClockReading) -> [DispatchAction] {
        if stopping == nil {
            stopping = Stopping(since: seconds(time))
            pagesWanted = []
        }
        return advance(at: time)
    }

    // MARK: State

    /// Messages submitted and not yet committed.
    public var inFlight: Int { window.inFlight }
    /// Outcomes the store has not taken.
    public var uncommittedCount: Int { uncommitted.count }
    /// Messages read from the queue and not yet handed out.
    public var buffered: Int { cursors.values.reduce(0) { $0 + $1.buffered } }
    /// The rate sent at now (below the configured one after push-back).
    public var currentRate: Double { bucket.rate }
    /// Whether a listing or a page read is outstanding or wanted.
    public var isReading: Bool { reading != .none || !pagesWanted.isEmpty }
    /// Whether the circuit is open or probing.
    public var isCircuitOpen: Bool { breaker.state != .closed }

    /// Tokens in the bucket at `time`.
    public func tokens(at time: ClockReading) -> Double {
        bucket.available(now: seconds(time))
    }

    /// Whether nothing is buffered, read, submitted or committed, and every batch's queue was read to its end:
    /// the route has nothing to send until a retry, a window or new work comes due.
    public var isIdle: Bool {
        stopping == nil && submissions.isEmpty && committing == nil && outbox.isEmpty && uncommitted.count == 0
            && scheduler.isEmpty && reading == .none && pagesWanted.isEmpty
            && cursors.values.allSatisfy { $0.passComplete && $0.buffered == 0 }
    }

    // MARK: Time

    func seconds(_ time: ClockReading) -> Double {
        origin.duration(to: time.instant).inSeconds
    }

    func instant(_ seconds: Double) -> ContinuousClock.Instant {
        origin + .seconds(seconds)
    }

    // MARK: The step after every event

    /// Commits what waits, hands out what may go, reads what is due, and says when to wake next.
    mutating func advance(at time: ClockReading) -> [DispatchAction] {
        guard !isStopped else { return [] }
        let t = seconds(time)
        var actions: [DispatchAction] = []
        startCommit(at: t, into: &actions)
        if stopping == nil, !uncommitted.isFailing {
            expireDue(at: time, into: &actions)
            handOut(at: time, into: &actions)
            startCommit(at: t, into: &actions)
            startRead(at: time, into: &actions)
        }
        finishStopping(at: t, into: &actions)
        if !isStopped, let wake = nextWake(at: t) {
            actions.append(.wake(at: instant(wake)))
        }
        return actions
    }

    /// The earliest time something becomes possible that no answer will announce.
    func nextWake(at t: Double) -> Double? {
        var wake = Double.infinity
        if committing == nil, let wait = uncommitted.wait(at: t) {
            wake = t + wait
        }
        if let stopping {
            if !submissions.isEmpty {
                wake = min(wake, stopping.since + settings.stopGrace.inSeconds)
            } else if let drainedAt = stopping.drainedAt, uncommitted.count > 0 {
                wake = min(wake, drainedAt + settings.stopRetryLimit.inSeconds)
            }
        } else if !uncommitted.isFailing {
            if reading == .none {
                wake = min(wake, nextListing, nextRescan)
            }
            wake = min(wake, nextDeadline)
            if !scheduler.isEmpty, window.inFlight < window.limit {
                wake = min(wake, handOutPossible(at: t))
            }
        }
        return wake.isFinite ? max(wake, t) : nil
    }

    /// When the pause, the circuit and the bucket next allow a hand-out.
    private func handOutPossible(at t: Double) -> Double {
        var earliest = max(t, pausedUntil)
        switch breaker.state {
        case .closed: break
        case .open(let until): earliest = max(earliest, until)
        // The probe is out: its answer decides, not time.
        case .halfOpen: return .infinity
        }
        let tokens = bucket.delay(for: 1, now: earliest)
        if tokens > 0 {
            earliest += max(tokens, settings.tokenWakeFloor.inSeconds)
        }
        return earliest
    }
}
