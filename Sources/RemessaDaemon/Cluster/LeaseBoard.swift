import RemessaCore
import RemessaStore
import ServiceLifecycle
import Synchronization

/// Which leases this node holds now, and the terms the work runs under (contract section 13).
///
/// In a cluster, ``LeaseService`` begins and ends terms as the database grants and takes back leases; the
/// poller, the publisher and each route wait for their lease's term and stop when it ends. On a single node
/// (``singleNode()``) every lease is held, unfenced, for the whole run.
final class LeaseBoard: Sendable {
    private let isCluster: Bool
    /// Told the leases held by kind after each change (`remessa_node_leases{kind}`).
    private let changed: @Sendable ([String: Int]) -> Void
    private let state = Mutex<State>(State())

    private struct State {
        var terms: [LeaseKey: LeaseTerm] = [:]
        var waiters: [LeaseKey: [Int: CheckedContinuation<LeaseTerm?, Never>]] = [:]
        /// Waits cancelled before they were registered.
        var cancelled: Set<Int> = []
        var nextWaiter = 0
        var closed = false
    }

    private init(isCluster: Bool, changed: @escaping @Sendable ([String: Int]) -> Void) {
        self.isCluster = isCluster
        self.changed = changed
    }

    /// One node on its own store: every lease is held for the whole run, with no fence.
    static func singleNode() -> LeaseBoard { LeaseBoard(isCluster: false) { _ in } }

    /// A node of a cluster: nothing is held until ``begin(_:token:)``; `changed` is told the leases held by kind
    /// after each change.
    static func cluster(changed: @escaping @Sendable ([String: Int]) -> Void = { _ in }) -> LeaseBoard {
        LeaseBoard(isCluster: true, changed: changed)
    }

    /// The term `lease` is held under now, if it is held.
    func term(for lease: LeaseKey) -> LeaseTerm? {
        state.withLock { state in
            if let term = state.terms[lease], term.isCurrent { return term }
            guard !isCluster, !state.closed else { return nil }
            let standing = LeaseTerm(lease: lease, token: nil)
            state.terms[lease] = standing
            return standing
        }
    }

    /// The next term of `lease` (the current one if it is held); nil once the board is closed, or the task is
    /// cancelled or its service shuts down gracefully.
    func waitForTerm(_ lease: LeaseKey) async -> LeaseTerm? {
        if let term = term(for: lease) { return term }
        return await cancelWhenGracefulShutdown { await self.waitForBegin(lease) }
    }

    private func waitForBegin(_ lease: LeaseKey) async -> LeaseTerm? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: LeaseTerm?? = state.withLock { state in
                    if state.closed || state.cancelled.remove(id) != nil { return .some(nil) }
                    if let term = state.terms[lease], term.isCurrent { return .some(term) }
                    state.waiters[lease, default: [:]][id] = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                guard let waiter = state.waiters[lease]?.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return CheckedContinuation<LeaseTerm?, Never>?.none
                }
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// The database granted `lease` under `token`: a term begins, and whoever waits for it starts.
    func begin(_ lease: LeaseKey, token: Int64) {
        let term = LeaseTerm(lease: lease, token: token)
        let (previous, waiters) = state.withLock { state in
            let previous = state.terms.updateValue(term, forKey: lease)
            let waiters = state.waiters.removeValue(forKey: lease) ?? [:]
            return (previous, waiters)
        }
        previous?.end()
        changed(heldCounts())
        for waiter in waiters.values { waiter.resume(returning: term) }
    }

    /// The lease held under `token` is lost or given back: its term ends (a later term stays).
    func end(_ lease: LeaseKey, token: Int64) {
        let ended = state.withLock { state -> LeaseTerm? in
            guard let term = state.terms[lease], term.fence?.token == token else { return nil }
            state.terms[lease] = nil
            return term
        }
        ended?.end()
        if ended != nil { changed(heldCounts()) }
    }

    /// No term begins any more: waiters get nil, and the terms still held end.
    func close() {
        let (terms, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.terms = [:]
                state.waiters = [:]
            }
            return (Array(state.terms.values), state.waiters.values.flatMap(\.values))
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for term in terms { term.end() }
        changed([:])
    }

    /// How many leases of each kind this node holds now (`remessa_node_leases{kind}`).
    func heldCounts() -> [String: Int] {
        state.withLock { state in
            var counts: [String: Int] = [:]
            for (lease, term) in state.terms where term.isCurrent { counts[lease.kind, default: 0] += 1 }
            return counts
        }
    }
}
