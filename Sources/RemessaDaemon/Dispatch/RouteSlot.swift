import RemessaConfig
import RemessaCore
import Synchronization

/// One route's sending on this node: a fresh ``RouteDispatcher`` for each term of the route's lease (contract
/// section 13), so only the lease's holder submits, and a node that loses the lease stops at once.
///
/// On a single node the term lasts the whole run, and the slot is one dispatcher.
final class RouteSlot: Sendable {
    let route: RouteConfiguration
    private let board: LeaseBoard
    private let makeDispatcher: @Sendable () -> RouteDispatcher
    private let state = Mutex<State>(State())

    private struct State {
        var current: RouteDispatcher?
        var waiting: Task<LeaseTerm?, Never>?
        var stopped = false
    }

    init(route: RouteConfiguration, board: LeaseBoard, makeDispatcher: @escaping @Sendable () -> RouteDispatcher) {
        self.route = route
        self.board = board
        self.makeDispatcher = makeDispatcher
    }

    /// Sends under each term of the route's lease in turn, until ``stop()``.
    func run() async {
        while let term = await nextTerm() {
            let dispatcher = makeDispatcher()
            let stopped = state.withLock { state in
                state.current = dispatcher
                return state.stopped
            }
            if stopped { dispatcher.stop() }
            term.onEnd { dispatcher.abandon() }
            await term.run { await dispatcher.run() }
            state.withLock { $0.current = nil }
            // A dispatcher that stopped for good (``stop()``) is done; one whose term ended waits for the next.
            if term.isCurrent || state.withLock(\.stopped) { return }
        }
    }

    /// Stops handing out messages: the current dispatcher drains what is in flight; a slot waiting for the lease
    /// gives up.
    func stop() {
        let (current, waiting) = state.withLock { state in
            state.stopped = true
            return (state.current, state.waiting)
        }
        current?.stop()
        waiting?.cancel()
    }

    /// New work may be queued: the current dispatcher reads its queue now.
    func workArrived() {
        state.withLock(\.current)?.workArrived()
    }

    /// Returns once the current dispatcher has listed its queue afresh; at once when the route is not sent here.
    func settle() async {
        await state.withLock(\.current)?.settle()
    }

    /// The route's next term, waited for; nil once stopped.
    private func nextTerm() async -> LeaseTerm? {
        let lease = LeaseKey.route(route.name)
        if let term = board.term(for: lease) { return state.withLock(\.stopped) ? nil : term }
        let board = self.board
        let waiting = Task { await board.waitForTerm(lease) }
        let stopped = state.withLock { state in
            state.waiting = waiting
            return state.stopped
        }
        if stopped { waiting.cancel() }
        let term = await withTaskCancellationHandler {
            await waiting.value
        } onCancel: {
            waiting.cancel()
        }
        state.withLock { $0.waiting = nil }
        return state.withLock(\.stopped) ? nil : term
    }
}
