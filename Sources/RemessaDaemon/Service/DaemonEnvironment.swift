import Logging
import RemessaConfig
import RemessaDrops
import RemessaMetrics
import RemessaStore
import RemessaSystemd
import Synchronization

/// What every service of the daemon shares.
struct DaemonEnvironment: Sendable {
    let store: any Store
    let spool: Spool
    let metrics: DaemonMetrics
    let heartbeat: ProgressHeartbeat
    let logger: Logger
    /// The process environment, for `$CREDENTIALS_DIRECTORY`.
    let variables: [String: String]
    let onTick: @Sendable (_ drop: String, _ result: DropContext.TickResult?) -> Void
    /// Signalled when a poll claimed files: the dispatcher reads its queue at once instead of at its next listing.
    let work: WorkSignal
    /// Each route's sender, for the final file (routes change only with a restart).
    var routeSenders: [String: String] = [:]
    /// The drops and routes this node works now: all of them on a single node, its leases' in a cluster.
    var board: LeaseBoard = .singleNode()
    let contexts = DropContextCache()

    /// The drop's shared context (one transport, so one connection, for its poller and publisher).
    func context(for drop: DropConfiguration) throws -> DropContext {
        try contexts.context(for: drop) {
            try DropContext(
                drop: drop,
                store: store,
                spool: spool,
                metrics: metrics,
                logger: logger,
                environment: variables,
                routeSenders: routeSenders
            )
        }
    }
}

/// Drop contexts by name, replaced when a reload changes the drop's configuration.
final class DropContextCache: Sendable {
    private let contexts = Mutex<[String: DropContext]>([:])

    func context(for drop: DropConfiguration, make: () throws -> DropContext) throws -> DropContext {
        try contexts.withLock { contexts in
            if let existing = contexts[drop.name], existing.drop == drop {
                return existing
            }
            let context = try make()
            contexts[drop.name] = context
            return context
        }
    }

    /// Forgets the context of `drop` as configured (a reload removed or changed it) and closes its transport;
    /// a context already made for a newer configuration stays.
    func close(_ drop: DropConfiguration) async {
        let closed = contexts.withLock { contexts -> DropContext? in
            guard let existing = contexts[drop.name], existing.drop == drop else { return nil }
            contexts[drop.name] = nil
            return existing
        }
        await closed?.transport.close()
    }

    /// Closes every transport: the daemon stops.
    func closeAll() async {
        let all = contexts.withLock { contexts in
            defer { contexts = [:] }
            return Array(contexts.values)
        }
        for context in all { await context.transport.close() }
    }
}

/// A signal with observers: whoever holds it says "something happened", the observers react.
final class WorkSignal: Sendable {
    private let observers = Mutex<[@Sendable () -> Void]>([])

    func observe(_ observer: @escaping @Sendable () -> Void) {
        observers.withLock { $0.append(observer) }
    }

    func signal() {
        for observer in observers.withLock({ $0 }) { observer() }
    }
}
