/// One node's hold on one lease as a value: fed the database's answers and the passing of time, it returns the
/// requests to send and when to start and stop the work the lease guards (contract section 13). It reads no clock
/// and performs no I/O; its runner performs each ``LeaseAction`` and answers with the matching event.
///
/// The database decides who holds a lease, on its own `now()`; the keeper decides when this node may work. Its one
/// rule: work under a token stops at the instant the last successful acquire or renew was **sent**, plus the time
/// the database granted (`validFor`, at most ``LeaseSettings/ttl``), minus ``LeaseSettings/margin``, all on the
/// node's monotonic clock. The database's `now()` was read after the request left, so its expiry is later than
/// the keeper's stop: a holder that cannot renew (no database, a connection that hangs, a paused process) stops
/// before any other node can acquire the lease. A stop judged late (the process was paused past it) happens at the
/// first event after the pause, and fencing (every write carries the token) covers the writes in between.
///
/// The runner may keep several requests out; answers carry the token they are about, and an answer for a token the
/// keeper has given up is ignored. An acquire must always be answered (the runner bounds it with a timeout and
/// answers ``acquireFailed(at:)``).
///
/// ```swift
/// var keeper = LeaseKeeper<ContinuousClock.Instant>(lease: .drop("acme"), settings: .standard)
/// for action in keeper.tick(at: .now) { … }   // .tryAcquire
/// ```
public struct LeaseKeeper<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    public typealias Action = LeaseAction<Instant>

    public let lease: LeaseKey
    public let settings: LeaseSettings
    var state: State

    enum State: Sendable, Equatable {
        /// Not holding the lease: the next acquire goes out at `nextAttempt` (nil: at once).
        case waiting(nextAttempt: Instant?)
        /// An acquire is out, sent at `sentAt`.
        case acquiring(sentAt: Instant)
        case holding(Holding)
        /// Shut down: nothing more is asked, and a lease acquired meanwhile is released.
        case stopped
    }

    struct Holding: Sendable, Equatable {
        var token: Int64
        /// Work stops at this instant unless a renew succeeds first.
        var stopAt: Instant
        /// When the next renew goes out.
        var nextRenew: Instant
        /// When the renew that is out was sent; nil: none is out.
        var renewSentAt: Instant?
    }

    /// A keeper that does not hold the lease yet: its first tick asks for it.
    public init(lease: LeaseKey, settings: LeaseSettings) {
        self.lease = lease
        self.settings = settings
        self.state = .waiting(nextAttempt: nil)
    }

    /// The token the work runs under, while it may run.
    public var workingToken: Int64? {
        if case .holding(let holding) = self.state { holding.token } else { nil }
    }

    /// When work under the lease stops unless a renew succeeds first; nil while not working.
    public var stopsAt: Instant? {
        if case .holding(let holding) = self.state { holding.stopAt } else { nil }
    }

    // MARK: Events

    /// Time passed: a wake the keeper asked for, or any other.
    public mutating func tick(at now: Instant) -> [Action] {
        self.enforceDeadline(at: now) + self.advance(at: now)
    }

    /// The acquire succeeded: the lease is this node's under `token`, for `validFor` from the database's `now()`
    /// (its `expires_at - now()`).
    public mutating func acquired(token: Int64, validFor: Duration, at now: Instant) -> [Action] {
        switch self.state {
        case .acquiring(let sentAt):
            let stopAt = self.stopInstant(sentAt: sentAt, validFor: validFor)
            guard now < stopAt else {
                // The answer came too late to work under (a pause): give it back and ask again.
                self.state = .waiting(nextAttempt: nil)
                return [.release(token: token)] + self.advance(at: now)
            }
            self.state = .holding(
                Holding(
                    token: token,
                    stopAt: stopAt,
                    nextRenew: sentAt.advanced(by: self.settings.renewEvery),
                    renewSentAt: nil
                )
            )
            return [.startWork(token: token)] + self.advance(at: now)
        case .stopped:
            return [.release(token: token)]
        case .waiting, .holding:
            // A grant the keeper no longer waits for (its acquire was given up as failed): nothing works under it.
            guard self.workingToken != token else { return self.tick(at: now) }
            return [.release(token: token)] + self.tick(at: now)
        }
    }

    /// Another node holds the lease and it has not expired: ask again after ``LeaseSettings/acquireEvery``.
    public mutating func heldElsewhere(at now: Instant) -> [Action] {
        if case .acquiring = self.state {
            self.state = .waiting(nextAttempt: now.advanced(by: self.settings.acquireEvery))
        }
        return self.tick(at: now)
    }

    /// The acquire failed without an answer (an error, a timeout): ask again after ``LeaseSettings/retryAfter``.
    public mutating func acquireFailed(at now: Instant) -> [Action] {
        if case .acquiring = self.state {
            self.state = .waiting(nextAttempt: now.advanced(by: self.settings.retryAfter))
        }
        return self.tick(at: now)
    }

    /// The renew of `token` succeeded, for `validFor` from the database's `now()`.
    ///
    /// An answer handled after work already had to stop does not bring it back: the keeper acquires again.
    public mutating func renewed(token: Int64, validFor: Duration, at now: Instant) -> [Action] {
        var actions = self.enforceDeadline(at: now)
        if case .holding(var holding) = self.state, holding.token == token, let sentAt = holding.renewSentAt {
            holding.stopAt = max(holding.stopAt, self.stopInstant(sentAt: sentAt, validFor: validFor))
            holding.nextRenew = sentAt.advanced(by: self.settings.renewEvery)
            holding.renewSentAt = nil
            self.state = .holding(holding)
        }
        actions += self.advance(at: now)
        return actions
    }

    /// The renew of `token` failed without an answer (an error, a timeout): try again after
    /// ``LeaseSettings/retryAfter``; work goes on until its stop instant.
    public mutating func renewFailed(token: Int64, at now: Instant) -> [Action] {
        var actions = self.enforceDeadline(at: now)
        if case .holding(var holding) = self.state, holding.token == token, holding.renewSentAt != nil {
            holding.renewSentAt = nil
            holding.nextRenew = now.advanced(by: self.settings.retryAfter)
            self.state = .holding(holding)
        }
        actions += self.advance(at: now)
        return actions
    }

    /// The database refused the renew of `token`: it is no longer the lease's token (the lease expired, and may be
    /// another node's). Work stops at once and the keeper asks for the lease again.
    public mutating func lost(token: Int64, at now: Instant) -> [Action] {
        var actions = self.enforceDeadline(at: now)
        if case .holding(let holding) = self.state, holding.token == token {
            actions.append(.stopWork(token: token, reason: .lost))
            self.state = .waiting(nextAttempt: nil)
        }
        actions += self.advance(at: now)
        return actions
    }

    /// The node shuts down: work stops and the lease is released, so another node may take it at once. Nothing is
    /// asked afterwards.
    public mutating func shutdown(at now: Instant) -> [Action] {
        defer { self.state = .stopped }
        guard case .holding(let holding) = self.state else { return [] }
        return [.stopWork(token: holding.token, reason: .shutdown), .release(token: holding.token)]
    }

    // MARK: Rules

    /// Where work under a grant must stop: the request's start, plus the time granted, minus the margin.
    private func stopInstant(sentAt: Instant, validFor: Duration) -> Instant {
        sentAt.advanced(by: min(validFor, self.settings.ttl) - self.settings.margin)
    }

    /// Stops the work when its stop instant has come; a renew that is out is given up.
    private mutating func enforceDeadline(at now: Instant) -> [Action] {
        guard case .holding(let holding) = self.state, now >= holding.stopAt else { return [] }
        self.state = .waiting(nextAttempt: nil)
        return [.stopWork(token: holding.token, reason: .expiring)]
    }

    /// Sends what is due and asks to be woken for what is next.
    private mutating func advance(at now: Instant) -> [Action] {
        switch self.state {
        case .waiting(let nextAttempt):
            if let nextAttempt, now < nextAttempt {
                return [.wakeAt(nextAttempt)]
            }
            self.state = .acquiring(sentAt: now)
            return [.tryAcquire]
        case .holding(var holding):
            var actions: [Action] = []
            if holding.renewSentAt == nil, now >= holding.nextRenew {
                holding.renewSentAt = now
                actions.append(.renew(token: holding.token))
            }
            self.state = .holding(holding)
            let wake = holding.renewSentAt == nil ? min(holding.nextRenew, holding.stopAt) : holding.stopAt
            actions.append(.wakeAt(wake))
            return actions
        case .acquiring, .stopped:
            return []
        }
    }
}
