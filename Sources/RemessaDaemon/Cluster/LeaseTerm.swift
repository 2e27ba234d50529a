import RemessaCore
import RemessaStore
import Synchronization

/// One stretch of time this node holds one lease, under one token (contract section 13): the work the lease
/// guards runs inside ``run(_:)`` and stops once the term ends.
///
/// On a single node (SQLite) a term stands for the whole run and is unfenced.
final class LeaseTerm: Sendable {
    let lease: LeaseKey
    /// The fence every store write of the work carries; nil on a single node.
    let fence: StoreFence?
    private let state = Mutex<State>(State())

    private struct State {
        var ended = false
        var observers: [@Sendable () -> Void] = []
    }

    init(lease: LeaseKey, token: Int64?) {
        self.lease = lease
        self.fence = token.map { StoreFence(lease: lease, token: $0) }
    }

    /// Whether the lease is still held under this term's token.
    var isCurrent: Bool { !state.withLock(\.ended) }

    /// Calls `observer` once the term ends (at once if it has ended).
    func onEnd(_ observer: @escaping @Sendable () -> Void) {
        let ended = state.withLock { state in
            if !state.ended { state.observers.append(observer) }
            return state.ended
        }
        if ended { observer() }
    }

    /// The lease is lost, running out or given back: the work under this term stops.
    func end() {
        let observers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.ended else { return [] }
            state.ended = true
            defer { state.observers = [] }
            return state.observers
        }
        for observer in observers { observer() }
    }

    /// Runs `work` with the term's fence on every store write it makes (``StoreFence/current``).
    func run<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ work: () async throws -> Result
    ) async rethrows -> Result {
        try await StoreFence.$current.withValue(fence, operation: work, isolation: isolation)
    }
}
