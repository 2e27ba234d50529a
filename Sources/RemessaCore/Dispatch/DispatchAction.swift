import Foundation

/// What the dispatch machine asks its runner to do; each answer comes back as an event.
public enum DispatchAction: Sendable, Equatable {
    /// Refresh the opt-out list and list the route's batches: answer ``DispatchMachine/queueListed(_:at:)``
    /// or ``DispatchMachine/listingFailed(at:)``.
    case listQueue
    /// Read up to `limit` queued messages of a batch after `afterID`: answer
    /// ``DispatchMachine/pageRead(batchID:_:at:)`` or ``DispatchMachine/pageFailed(batchID:at:)``.
    case readPage(batchID: Int64, afterID: Int64, limit: Int)
    /// End a batch's queued messages `EXPIRED` with `reason`'s code, except `sparing` (in flight: they went out).
    /// No answer.
    case expire(batchID: Int64, reason: BatchExpiry, sparing: [Int64])
    /// Hand these messages to the gateway in one call: answer ``DispatchMachine/submitted(_:outcomes:at:)``.
    case submit(DispatchSubmission)
    /// Commit these outcomes in one transaction: answer ``DispatchMachine/committed(_:at:)`` or
    /// ``DispatchMachine/commitFailed(_:at:)``.
    case commit(DispatchCommit)
    /// Something to log or count.
    case notice(DispatchNotice)
    /// Call ``DispatchMachine/tick(at:)`` at this instant (or earlier; a tick too early does no harm).
    case wake(at: ContinuousClock.Instant)
    /// Stopped: nothing is in flight any more. `unrecorded` outcomes could not be committed and `abandoned`
    /// submissions did not answer in time; their messages are still `QUEUED` and go out again after a restart.
    case stopped(unrecorded: Int, abandoned: Int)
}

/// One gateway call: messages of one batch.
public struct DispatchSubmission: Sendable, Equatable {
    public var id: Int
    public var batchID: Int64
    public var drop: String
    public var messages: [QueuedMessage]
    /// The probe of a circuit that was open: reconnect first, so the gateway is tried afresh.
    public var isProbe: Bool
    /// The batch's own sender (a campaign's); nil: the route's.
    public var sender: String?
    /// When the messages stop being worth delivering (time to live or `sendUntil`): the carrier's validity.
    public var expiresAt: Date?
}

/// One transaction of outcomes.
public struct DispatchCommit: Sendable, Equatable {
    public var id: Int
    public var records: [DispatchRecord]
}

/// What happened that an operator reads in the log or the metrics.
public enum DispatchNotice: Sendable, Equatable {
    /// A message ended without a delivery report (opted out, refused, retries exhausted).
    case failed(MessageStatus)
    /// A message will be tried again after a temporary failure.
    case retried
    /// The gateway pushed back: the rate dropped to `rate`.
    case slowedDown(rate: Double)
    /// The gateway keeps failing: nothing goes out for `pause`.
    case circuitOpened(pause: Duration)
    /// The gateway answers again.
    case circuitClosed
    /// A commit failed and starts a spell: the route sends nothing new until the store takes `held` outcomes.
    case commitsFailing(held: Int)
    /// A commit failed (every one, for the metric).
    case commitFailed
    /// The store takes outcomes again after failing for `failedFor`.
    case commitsRecovered(recorded: Int, failedFor: Duration)
}
