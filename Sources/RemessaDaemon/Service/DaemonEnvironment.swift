import Logging
import RemessaConfig
import RemessaHTTP
import RemessaStore
import RemessaSystemd
import Synchronization

/// What every service of the daemon shares.
struct DaemonEnvironment: Sendable {
    let store: Store
    let spool: Spool
    let metrics: DaemonMetrics
    let heartbeat: ProgressHeartbeat
    let logger: Logger
    /// The process environment, for `$CREDENTIALS_DIRECTORY`.
    let variables: [String: String]
    let onTick: @Sendable (_ drop: String, _ result: DropContext.TickResult?) -> Void
    /// Signalled when a poll claimed files: the dispatcher reads its queue at once instead of at its next listing.
    let work: WorkSignal
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
                environment: variables
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
