import Logging
import RemessaCore
import RemessaPostgres

/// Keeps one lease for this node: runs its ``LeaseKeeper``, performs the keeper's requests against the
/// database (``Leases``) in child tasks, and begins and ends the lease's terms on the ``LeaseBoard``. The rules
/// live in the keeper; this is only the I/O.
final class LeaseRunner: Sendable {
    let lease: LeaseKey
    private let leases: Leases
    private let board: LeaseBoard
    private let settings: LeaseSettings
    private let logger: Logger
    private let events: AsyncStream<Event>
    private let input: AsyncStream<Event>.Continuation

    private enum Event: Sendable {
        case tick
        case acquired(LeaseGrant)
        case heldElsewhere
        case acquireFailed
        case renewed(LeaseGrant)
        case lost(token: Int64)
        case renewFailed(token: Int64)
        case shutdown
    }

    init(lease: LeaseKey, leases: Leases, board: LeaseBoard, settings: LeaseSettings, logger: Logger) {
        self.lease = lease
        self.leases = leases
        self.board = board
        self.settings = settings
        var logger = logger
        logger[metadataKey: "remessa.lease"] = "\(lease)"
        self.logger = logger
        (events, input) = AsyncStream.makeStream(of: Event.self)
    }

    /// Gives the lease back (after its work stopped) and ends ``run()``.
    func shutdown() {
        input.yield(.shutdown)
    }

    /// Keeps the lease until ``shutdown()`` or cancellation; a cancelled runner ends its term but leaves the lease
    /// to run out in the database.
    func run() async {
        var keeper = LeaseKeeper<ContinuousClock.Instant>(lease: lease, settings: settings)
        var timers: [ContinuousClock.Instant] = []
        await withDiscardingTaskGroup { group in
            _ = perform(keeper.tick(at: .now), timers: &timers, group: &group)
            for await event in events {
                let now = ContinuousClock.now
                let actions: [LeaseAction<ContinuousClock.Instant>]
                switch event {
                case .tick:
                    timers.removeAll { $0 <= now }
                    actions = keeper.tick(at: now)
                case .acquired(let grant):
                    actions = keeper.acquired(token: grant.token, validFor: grant.validFor, at: now)
                case .heldElsewhere: actions = keeper.heldElsewhere(at: now)
                case .acquireFailed: actions = keeper.acquireFailed(at: now)
                case .renewed(let grant):
                    actions = keeper.renewed(token: grant.token, validFor: grant.validFor, at: now)
                case .lost(let token): actions = keeper.lost(token: token, at: now)
                case .renewFailed(let token): actions = keeper.renewFailed(token: token, at: now)
                case .shutdown: actions = keeper.shutdown(at: now)
                }
                let releases = perform(actions, timers: &timers, group: &group)
                guard case .shutdown = event else {
                    for token in releases { group.addTask { await self.release(token: token) } }
                    continue
                }
                // Given back before the runner returns, so another node may take it at once.
                for token in releases { await release(token: token) }
                break
            }
            group.cancelAll()
        }
        // Cancelled, or shut down: nothing works under this runner's lease any more.
        if let token = keeper.workingToken { board.end(lease, token: token) }
    }

    /// Starts what `actions` ask for; answers the tokens to give back (the caller releases them).
    private func perform(
        _ actions: [LeaseAction<ContinuousClock.Instant>],
        timers: inout [ContinuousClock.Instant],
        group: inout DiscardingTaskGroup
    ) -> [Int64] {
        var releases: [Int64] = []
        for action in actions {
            switch action {
            case .tryAcquire:
                group.addTask { await self.acquire() }
            case .renew(let token):
                group.addTask { await self.renew(token: token) }
            case .startWork(let token):
                logger.info("Lease acquired", metadata: ["remessa.token": "\(token)"])
                board.begin(lease, token: token)
            case .stopWork(let token, let reason):
                let level: Logger.Level = reason == .shutdown ? .info : .warning
                logger.log(
                    level: level,
                    "Lease ended",
                    metadata: ["remessa.token": "\(token)", "remessa.reason": "\(reason)"]
                )
                board.end(lease, token: token)
            case .release(let token):
                releases.append(token)
            case .wakeAt(let deadline):
                guard !timers.contains(where: { $0 <= deadline }) else { continue }
                timers.append(deadline)
                group.addTask { [input] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    input.yield(.tick)
                }
            }
        }
        return releases
    }

    // MARK: Requests

    private func acquire() async {
        do {
            let grant = try await bounded { try await self.leases.acquire(self.lease, ttl: self.settings.ttl) }
            input.yield(grant.map(Event.acquired) ?? .heldElsewhere)
        } catch {
            logger.warning("Cannot ask for the lease", metadata: ["remessa.error": "\(error)"])
            input.yield(.acquireFailed)
        }
    }

    private func renew(token: Int64) async {
        do {
            let grant = try await bounded {
                try await self.leases.renew(self.lease, token: token, ttl: self.settings.ttl)
            }
            input.yield(grant.map(Event.renewed) ?? .lost(token: token))
        } catch {
            logger.warning("Cannot renew the lease", metadata: ["remessa.error": "\(error)"])
            input.yield(.renewFailed(token: token))
        }
    }

    private func release(token: Int64) async {
        do {
            _ = try await bounded { try await self.leases.release(self.lease, token: token) }
        } catch {
            logger.warning("Cannot give the lease back", metadata: ["remessa.error": "\(error)"])
        }
    }

    /// Runs `request`, or throws once the lease's ttl has passed without an answer (a connection that hangs).
    private func bounded<Value: Sendable>(_ request: @escaping @Sendable () async throws -> Value) async throws -> Value
    {
        let limit = settings.ttl
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await request() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw LeaseRequestTimedOut() }
            return value
        }
    }
}

/// A lease request that had no answer within the lease's ttl.
struct LeaseRequestTimedOut: Error, CustomStringConvertible {
    var description: String { "the database did not answer within the lease's ttl" }
}
