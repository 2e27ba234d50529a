import RemessaCore
import RemessaStore
import Synchronization
import Testing

@testable import RemessaDaemon

/// The board of the leases a node holds: who waits for a term, when a term ends, what a single node holds.
@Suite("Lease board")
struct LeaseBoardTests {
    @Test("A single node holds every lease for the whole run, unfenced")
    func singleNode() async {
        let board = LeaseBoard.singleNode()
        let term = await board.waitForTerm(.drop("acme"))
        #expect(term?.fence == nil)
        #expect(term?.isCurrent == true)
        #expect(board.term(for: .route("gw")) != nil)
        #expect(board.term(for: .drop("acme")) === term, "the same standing term")
    }

    @Test("A waiter starts when its lease's term begins; the term carries the token as its fence")
    func waiterStartsOnBegin() async {
        let board = LeaseBoard.cluster()
        #expect(board.term(for: .drop("acme")) == nil)
        async let waited = board.waitForTerm(.drop("acme"))
        try? await Task.sleep(for: .milliseconds(50))
        board.begin(.route("gw"), token: 7)
        board.begin(.drop("acme"), token: 8)
        let term = await waited
        #expect(term?.fence?.token == 8)
        #expect(term?.fence?.lease == .drop("acme"))
        #expect(board.heldCounts() == ["drop": 1, "route": 1])
    }

    @Test("A term ends for its own token only; its observers are told once, late ones at once")
    func termEnds() {
        let changes = Mutex<[[String: Int]]>([])
        let board = LeaseBoard.cluster { held in changes.withLock { $0.append(held) } }
        board.begin(.drop("acme"), token: 1)
        let term = board.term(for: .drop("acme"))
        let told = Mutex(0)
        term?.onEnd { told.withLock { $0 += 1 } }
        board.end(.drop("acme"), token: 99)
        #expect(term?.isCurrent == true, "a stale token ends nothing")
        board.end(.drop("acme"), token: 1)
        #expect(term?.isCurrent == false)
        #expect(board.term(for: .drop("acme")) == nil)
        term?.onEnd { told.withLock { $0 += 1 } }
        term?.end()
        #expect(told.withLock { $0 } == 2)
        #expect(changes.withLock { $0 } == [["drop": 1], [:]])
    }

    @Test("A new term ends the one before it")
    func newTermEndsOld() {
        let board = LeaseBoard.cluster()
        board.begin(.drop("acme"), token: 1)
        let first = board.term(for: .drop("acme"))
        board.begin(.drop("acme"), token: 2)
        #expect(first?.isCurrent == false)
        #expect(board.term(for: .drop("acme"))?.fence?.token == 2)
    }

    @Test("Closing the board answers every waiter nil and ends the terms; a cancelled waiter gets nil")
    func closeAndCancel() async {
        let board = LeaseBoard.cluster()
        board.begin(.route("gw"), token: 3)
        let held = board.term(for: .route("gw"))
        let cancelled = Task { await board.waitForTerm(.drop("beta")) }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        async let waited = board.waitForTerm(.drop("acme"))
        try? await Task.sleep(for: .milliseconds(50))
        board.close()
        #expect(await waited == nil)
        #expect(held?.isCurrent == false)
        #expect(await board.waitForTerm(.drop("acme")) == nil, "nothing begins after close")
        #expect(board.heldCounts().isEmpty)
    }
}
