import Foundation
import RemessaCore
import Testing

/// The crash rule: a message leaves the in-flight window only once its outcome is committed, and while commits
/// fail nothing new is submitted or read.
@Suite struct DispatchMachineCommitTests {
    @Test("An answered message keeps its place in the window until its outcome is committed")
    func windowFreedAtCommit() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1_000, burst: 1_000, maxInFlight: 3))
        driver.holdCommits = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        // All three answered at once; the first answer's commit runs, the other two wait for it.
        #expect(driver.sends.count == 3)
        #expect(driver.unanswered.isEmpty)
        #expect(driver.heldCommits.map(\.records.count) == [1])
        driver.run(untilSecond: 5)
        #expect(driver.sends.count == 3)
        #expect(driver.machine.inFlight == 3)

        driver.finishHeldCommit(succeeded: true)
        #expect(driver.sends.count == 4)
        #expect(driver.machine.inFlight == 3)
        #expect(driver.heldCommits.map(\.records.count) == [2])
        driver.finishHeldCommit(succeeded: true)
        #expect(driver.sends.count == 6)

        driver.holdCommits = false
        driver.finishHeldCommit(succeeded: true)
        driver.run(untilSecond: 6)
        #expect(driver.sends.count == 20)
        #expect(driver.maxOutstanding == 3)
        #expect((1...20).allSatisfy { driver.queue.status(Int64($0)) == .submitted })
        #expect(driver.busyWakes == 0)
    }

    @Test("A read of the queue before the commit shows the message QUEUED; it is not handed out again")
    func notResentBeforeCommit() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(circuitFailures: 100))
        driver.holdCommits = true
        driver.answer = { message in
            message.id == 6 ? .temporary(reason: "busy", pushBack: false, retryAfter: nil) : .accepted(providerID: nil)
        }
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 6)
        driver.begin()
        #expect(driver.sentIDs == ids)
        // Message 6's retry comes due after 1 to 2 s and the batch is read again: none of the six was
        // committed, so all are still QUEUED in the store, and none is handed out again.
        driver.run(untilSecond: 3)
        #expect(driver.pageReads.count == 2)
        #expect(driver.pageReads.last.map { $0.at >= 1 && $0.at <= 2 } == true)
        #expect(ids.allSatisfy { driver.queue.status($0) == .queued })
        #expect(driver.sentIDs == ids)
        #expect(driver.machine.buffered == 0)
        #expect(driver.machine.inFlight == 6)
        #expect(driver.busyWakes == 0)
    }

    @Test("While commits fail nothing is submitted, listed or read; held outcomes are retried with backoff")
    func commitsFailing() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        driver.run(untilSecond: 1.05)
        #expect(driver.sends.count == 11)
        driver.commitsFail = true
        driver.run(untilSecond: 5)
        let failedAt = 1.1
        #expect(isNear(driver.sends.last?.at, failedAt))
        #expect(driver.notices.filter { $0.notice == .commitsFailing(held: 1) }.count == 1)
        #expect(driver.machine.uncommittedCount == 1)
        driver.commitsFail = false
        driver.run(untilSecond: 10)

        // Tried again 100 ms after the failure, the wait doubling: the attempt at 7.4 goes through.
        let attempts = driver.commits.map(\.at).filter { $0 >= failedAt - 1e-6 }
        let expected = [0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3].map { failedAt + $0 }
        #expect(attempts.count >= expected.count)
        for (attempt, time) in zip(attempts, expected) {
            #expect(isNear(attempt, time))
        }
        #expect(driver.commits.filter { !$0.succeeded }.count == 6)
        #expect(driver.notices.filter { $0.notice == .commitFailed }.count == 6)
        let recovered = driver.notices.compactMap { notice -> (at: Double, recorded: Int, failedFor: Double)? in
            guard case .commitsRecovered(let recorded, let failedFor) = notice.notice else { return nil }
            return (notice.at, recorded, failedFor.inSeconds)
        }
        #expect(recovered.count == 1)
        #expect(isNear(recovered.first?.at, failedAt + 6.3))
        #expect(recovered.first?.recorded == 1)
        #expect(isNear(recovered.first?.failedFor, 6.3))

        // Nothing happened in between but the attempts: no submission, listing, read, or other wake.
        let spell = (failedAt + 1e-6)..<(failedAt + 6.3 - 1e-6)
        #expect(!driver.sends.contains { spell.contains($0.at) })
        #expect(!driver.listings.contains { spell.contains($0) })
        #expect(!driver.pageReads.contains { spell.contains($0.at) })
        #expect(driver.ticks.filter { spell.contains($0) }.count == 5)
        // Sending resumes at once, at the rate; the message whose outcome was held went once.
        #expect(isNear(driver.sends[12].at, failedAt + 6.3))
        #expect(driver.sends.count { $0.message.id == 12 } == 1)
        #expect(driver.queue.status(12) == .submitted)
        #expect(driver.busyWakes == 0)
    }

    @Test("Answers that arrive while commits fail are held with the others: their places free, nothing new goes")
    func answersDuringSpell() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 3))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        #expect(driver.sends.count == 3)
        driver.commitsFail = true
        driver.answerHeld()
        #expect(driver.noticeList == [.commitFailed, .commitsFailing(held: 1)])
        driver.answerHeld()
        #expect(driver.noticeList.count == 2)
        #expect(driver.machine.uncommittedCount == 2)
        #expect(driver.machine.inFlight == 1)
        #expect(driver.sends.count == 3)
        driver.run(untilSecond: 0.5)
        #expect(driver.commits.map(\.commit.records.count) == [1, 2, 2])
        #expect(driver.sends.count == 3)

        driver.commitsFail = false
        driver.run(untilSecond: 1)
        #expect(driver.commits.last?.succeeded == true)
        #expect(isNear(driver.commits.last?.at, 0.7))
        #expect(driver.noticeList.last.map { if case .commitsRecovered(2, _) = $0 { true } else { false } } == true)
        #expect(driver.sends.count == 5)
        #expect(driver.machine.uncommittedCount == 0)
        #expect(driver.maxOutstanding == 3)
        #expect(driver.busyWakes == 0)
    }
}
