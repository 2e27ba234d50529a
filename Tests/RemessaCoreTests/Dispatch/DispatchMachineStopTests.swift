import Foundation
import RemessaCore
import Testing

/// Stopping: nothing new goes, what is in flight answers and is committed, within the stop's bounds.
@Suite struct DispatchMachineStopTests {
    @Test("Stopping with nothing in flight stops at once")
    func stopWhenQuiet() {
        var driver = DispatchDriver()
        driver.begin()
        driver.run(untilSecond: 2)
        driver.stop()
        #expect(driver.stopped?.unrecorded == 0)
        #expect(driver.stopped?.abandoned == 0)
        #expect(driver.stoppedAt == 2)
        #expect(driver.wake == nil)
    }

    @Test("Stopping with messages in flight: nothing new goes, .stopped only once they answered and were committed")
    func stopWaitsForInFlight() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 5))
        driver.holdAnswers = true
        driver.holdCommits = true
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        #expect(driver.sends.count == 5)
        driver.run(untilSecond: 1)
        let listings = driver.listings.count
        driver.stop()
        #expect(!driver.machine.isIdle)
        driver.run(untilSecond: 5)
        #expect(driver.stopped == nil)

        for _ in 0..<5 { driver.answerHeld() }
        // Their outcomes go to the store one commit at a time: the first answer's, then the four others'.
        #expect(driver.sends.count == 5)
        #expect(driver.heldCommits.map(\.records.count) == [1])
        #expect(driver.stopped == nil)
        driver.run(untilSecond: 6)
        #expect(driver.stopped == nil)
        driver.finishHeldCommit(succeeded: true)
        #expect(driver.heldCommits.map(\.records.count) == [4])
        #expect(driver.stopped == nil)
        driver.finishHeldCommit(succeeded: true)
        #expect(driver.stopped?.unrecorded == 0)
        #expect(driver.stopped?.abandoned == 0)
        #expect(driver.stoppedAt == 6)
        #expect(driver.sends.count == 5)
        #expect(driver.listings.count == listings)
        #expect(ids.prefix(5).allSatisfy { driver.queue.status($0) == .submitted })
        #expect(ids.dropFirst(5).allSatisfy { driver.queue.status($0) == .queued })
        #expect(driver.wake == nil)
        #expect(driver.busyWakes == 0)

        // Once stopped it does nothing, whatever it is told.
        var machine = driver.machine
        #expect(machine.tick(at: driver.now.advanced(by: .seconds(1))).isEmpty)
        #expect(machine.workArrived(at: driver.now.advanced(by: .seconds(1))).isEmpty)
    }

    @Test("Submissions that never answer are abandoned after stopGrace; their messages stay QUEUED")
    func stopGrace() {
        var settings = DispatchDriver.settings(maxInFlight: 5)
        settings.stopGrace = .seconds(20)
        var driver = DispatchDriver(settings: settings)
        driver.holdAnswers = true
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        driver.run(untilSecond: 1)
        driver.answerHeld()
        driver.answerHeld()
        #expect(driver.sends.count == 7)
        driver.stop()
        driver.run(untilSecond: 20.9)
        #expect(driver.stopped == nil)
        // The grace is counted from the stop: woken once for it, not polling meanwhile.
        #expect(driver.ticks.count { $0 > 1 } == 0)
        driver.run(untilSecond: 30)
        #expect(driver.ticks.count { $0 > 1 } == 1)
        #expect(driver.stopped?.abandoned == 5)
        #expect(driver.stopped?.unrecorded == 0)
        #expect(isNear(driver.stoppedAt, 21))
        #expect(ids.prefix(2).allSatisfy { driver.queue.status($0) == .submitted })
        #expect(ids.dropFirst(2).allSatisfy { driver.queue.status($0) == .queued })
        #expect(driver.busyWakes == 0)
    }

    @Test("Outcomes the store does not take are retried with backoff for stopRetryLimit after the last answer")
    func stopRetryLimit() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 5))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        driver.run(untilSecond: 1)
        driver.stop()
        driver.commitsFail = true
        driver.run(untilSecond: 2)
        for _ in 0..<5 { driver.answerHeld() }
        driver.run(untilSecond: 40)
        // The first commit at 2, then 100 ms doubling to 5 s: 2.1, 2.3, 2.7, 3.5, 5.1, 8.3, 13.3, … 28.3; none
        // after the 30 s from the last answer.
        let attempts = driver.commits.map(\.at)
        let expected = [2.0, 2.1, 2.3, 2.7, 3.5, 5.1, 8.3, 13.3, 18.3, 23.3, 28.3]
        #expect(attempts.count == expected.count)
        for (attempt, time) in zip(attempts, expected) {
            #expect(isNear(attempt, time))
        }
        // The first answer's outcome failed alone; the four answered after it were held with it.
        #expect(driver.commits.map(\.commit.records.count) == [1] + Array(repeating: 5, count: 10))
        #expect(driver.commits.allSatisfy { !$0.succeeded })
        #expect(driver.stopped?.unrecorded == 5)
        #expect(driver.stopped?.abandoned == 0)
        #expect(isNear(driver.stoppedAt, 32))
        #expect(driver.sends.count == 5)
        #expect(driver.busyWakes == 0)
    }

    @Test("A stop while commits fail ends as soon as the store takes the held outcomes")
    func stopRecovers() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 5))
        driver.commitsFail = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        #expect(driver.noticeList.contains(.commitsFailing(held: 1)))
        driver.stop()
        driver.run(untilSecond: 1)
        #expect(driver.stopped == nil)
        driver.commitsFail = false
        driver.run(untilSecond: 10)
        // Attempts at 0.1, 0.3, 0.7 failed; the one at 1.5 goes through.
        #expect(isNear(driver.stoppedAt, 1.5))
        #expect(driver.stopped?.unrecorded == 0)
        let recovered = driver.noticeList.compactMap { notice -> (Int, Double)? in
            guard case .commitsRecovered(let recorded, let failedFor) = notice else { return nil }
            return (recorded, failedFor.inSeconds)
        }
        #expect(recovered.count == 1)
        #expect(recovered.first?.0 == 5)
        #expect(isNear(recovered.first?.1, 1.5))
        #expect(driver.sends.count == 5)
    }
}
