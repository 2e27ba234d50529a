/// What a ``LeaseKeeper`` asks its runner to do, in order; each request's answer comes back as an event.
public enum LeaseAction<Instant: InstantProtocol>: Sendable, Equatable where Instant.Duration == Duration {
    /// Ask the database for the lease: answer ``LeaseKeeper/acquired(token:validFor:at:)``,
    /// ``LeaseKeeper/heldElsewhere(at:)`` or ``LeaseKeeper/acquireFailed(at:)``.
    case tryAcquire
    /// Renew the lease held under `token`: answer ``LeaseKeeper/renewed(token:validFor:at:)``,
    /// ``LeaseKeeper/lost(token:at:)`` or ``LeaseKeeper/renewFailed(token:at:)``.
    case renew(token: Int64)
    /// Start the work the lease guards; every write it makes is fenced with `token`.
    case startWork(token: Int64)
    /// Stop, now, every piece of work started under `token` (and wait for it before anything else under the
    /// lease). No answer.
    case stopWork(token: Int64, reason: LeaseStopReason)
    /// Give the lease back (shutdown): the database may hand it to another node at once. No answer.
    case release(token: Int64)
    /// Call ``LeaseKeeper/tick(at:)`` at this instant (a later `wakeAt` replaces it; a tick too early does no
    /// harm).
    case wakeAt(Instant)
}

/// Why work under a lease stopped.
public enum LeaseStopReason: Sendable, Equatable {
    /// No renew succeeded in time: the lease could run out before another renew is known to succeed (the
    /// database is unreachable, or the process was paused).
    case expiring
    /// A renew found the token stale: the lease expired in the database and may be another node's.
    case lost
    /// The node is shutting down.
    case shutdown
}
