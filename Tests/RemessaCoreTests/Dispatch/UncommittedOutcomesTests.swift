import Testing

@testable import RemessaCore

/// The holder of outcomes whose commit failed: backoff, order, and when a failing spell starts and ends.
@Suite("Uncommitted outcomes")
struct UncommittedOutcomesTests {
    @Test("A failed commit starts a spell once; retries back off 100 ms doubling to 5 s; order is kept")
    func backoffAndOrder() {
        var held = UncommittedOutcomes<Int>()
        #expect(!held.isFailing)
        let started = held.hold([1, 2], at: 10)
        let startedAgain = held.hold([3], at: 10.05)
        #expect(started)
        #expect(!startedAgain, "a second failure in the same spell is not a new one")
        #expect(held.count == 3)
        let early = held.takeDue(at: 10.05)
        #expect(early == nil, "not before the first delay")
        #expect(abs((held.wait(at: 10.05) ?? 0) - 0.05) < 1e-9)

        var t = 10.1
        var delays: [Double] = []
        for _ in 0..<8 {
            let taken = held.takeDue(at: t)
            #expect(taken == [1, 2, 3])
            #expect(held.count == 3, "outcomes being retried still count")
            #expect(held.wait(at: t) == nil, "no second attempt while one runs")
            held.failed(taken ?? [], at: t)
            let wait = held.wait(at: t) ?? 0
            delays.append(wait)
            t += wait
        }
        #expect(delays.map { ($0 * 10).rounded() / 10 } == [0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5])

        // Outcomes that failed while an attempt ran go after the ones retried.
        let taken = held.takeDue(at: t) ?? []
        _ = held.hold([4], at: t)
        held.failed(taken, at: t)
        #expect(held.items == [1, 2, 3, 4])
    }

    @Test("The spell ends when an attempt commits and nothing else is held; it answers how long it lasted")
    func recovery() {
        var held = UncommittedOutcomes<Int>()
        _ = held.hold([1], at: 0)
        let first = held.takeDue(at: 0.1)
        #expect(first == [1])
        _ = held.hold([2], at: 0.15)
        let notYet = held.committed(at: 0.2)
        #expect(notYet == nil, "2 is still held")
        #expect(held.isFailing)
        let rest = held.takeDue(at: 0.2)
        #expect(rest == [2], "what is left is due at once")
        let lasted = held.committed(at: 0.3)
        #expect(lasted.map { abs($0 - 0.3) < 1e-9 } == true)
        #expect(!held.isFailing)
        #expect(held.count == 0)
        // A new spell starts with the first delay again.
        let again = held.hold([3], at: 1)
        #expect(again)
        let third = held.takeDue(at: 1.1)
        #expect(third == [3])
    }
}
