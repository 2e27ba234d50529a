import Foundation
import RemessaCore
import Testing

/// A campaign's schedule (contract §10): nothing before `sendAt`, nothing after `sendUntil`, and what the
/// gateway learns of the batch (its sender, when its messages stop being worth delivering).
@Suite struct DispatchMachineScheduleTests {
    @Test("A batch scheduled ahead is not read before its sendAt, and its first message goes at that instant")
    func waitsForSendAt() {
        var driver = DispatchDriver()
        let start = DispatchDriver.startDate
        let ids = driver.queue.addBatch(1, createdAt: start, count: 5, sendAt: start.addingTimeInterval(600))
        driver.queue.addBatch(2, drop: "d2", createdAt: start, count: 2)
        driver.begin()
        driver.run(untilSecond: 599.99)
        #expect(driver.sends.allSatisfy { $0.message.batchID == 2 })
        #expect(driver.sends.count == 2)
        #expect(driver.pageReads.allSatisfy { $0.batchID == 2 })
        #expect(driver.machine.isIdle)
        driver.run(untilSecond: 601)
        #expect(driver.sends.filter { $0.message.batchID == 1 }.map(\.message.id) == ids)
        #expect(isNear(driver.sends.first { $0.message.batchID == 1 }?.at, 600, within: 1e-3))
        // Waiting costs a listing a second and a read of the other batch every 30 s, nothing more.
        #expect(driver.ticks.count <= 600 + 20 + 4)
        #expect(driver.busyWakes == 0)
    }

    @Test("A batch scheduled inside a closed window waits for sendAt, then for the window's opening")
    func sendAtThenWindow() {
        var gate = TestGate()
        let start = DispatchDriver.startDate
        gate.dropWindows["d1"] = [TestWindow(opens: start.addingTimeInterval(3_600))]
        var driver = DispatchDriver(gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: start, count: 3, sendAt: start.addingTimeInterval(60))
        driver.begin()
        driver.run(untilSecond: 59)
        #expect(driver.commits.isEmpty)
        driver.run(untilSecond: 61)
        #expect(driver.committedRecords == ids.map { .scheduled(messageID: $0, until: driver.date(3_600)) })
        driver.run(untilSecond: 3_601)
        #expect(driver.sentIDs == ids)
        #expect(driver.sends.allSatisfy { isNear($0.at, 3_600, within: 1e-3) })
        #expect(driver.busyWakes == 0)
    }

    @Test("A restart after sendAt sends at once what is SCHEDULED until then; one before it waits")
    func restartAroundSendAt() {
        let start = DispatchDriver.startDate
        for (sendAt, firstSend) in [(-30.0, 0.0), (45.0, 45.0)] {
            var driver = DispatchDriver()
            let batchSendAt = start.addingTimeInterval(sendAt)
            driver.queue.addBatch(1, createdAt: start.addingTimeInterval(-120), sendAt: batchSendAt)
            // As the store keeps them: SCHEDULED until sendAt since their ingestion.
            for id in Int64(1)...3 {
                driver.queue.addMessage(
                    QueuedMessage(
                        id: id,
                        batchID: 1,
                        destination: "+551191000000\(id)",
                        text: "m",
                        notBefore: batchSendAt
                    ),
                    status: .scheduled
                )
            }
            driver.begin()
            driver.run(untilSecond: 100)
            #expect(driver.sentIDs == [1, 2, 3])
            #expect(isNear(driver.sends.first?.at, firstSend, within: 1e-3))
            #expect(driver.busyWakes == 0)
        }
    }

    @Test("At sendUntil what has not gone out expires SEND_UNTIL_PASSED at that instant; what is in flight is spared")
    func sendUntil() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1, burst: 1))
        let start = DispatchDriver.startDate
        let ids = driver.queue.addBatch(1, createdAt: start, count: 20, sendUntil: start.addingTimeInterval(5.5))
        driver.holdAnswers = true
        driver.begin()
        driver.run(untilSecond: 5.4)
        // Answered one by one; the sixth stays in flight across sendUntil.
        for _ in 0..<5 { driver.answerHeld() }
        driver.run(untilSecond: 5.6)
        #expect(driver.sentIDs == Array(ids.prefix(6)))
        // Again at each listing after it (nothing is left to expire then).
        #expect(driver.expired.allSatisfy { $0.reason == .sendUntil })
        #expect(isNear(driver.expired.first?.at, 5.5, within: 1e-6))
        #expect(driver.expired.first?.reason == .sendUntil)
        #expect(driver.expired.first?.sparing == [ids[5]])
        driver.answerHeld()
        driver.run(untilSecond: 30)
        #expect(driver.sentIDs == Array(ids.prefix(6)))
        #expect(ids.prefix(6).allSatisfy { driver.queue.status($0) == .submitted })
        #expect(ids.dropFirst(6).allSatisfy { driver.queue.status($0) == .expired })
        #expect(driver.queue.rows[ids[10]]?.reasonCode == "SEND_UNTIL_PASSED")
        #expect(driver.machine.buffered == 0)
        #expect(driver.busyWakes == 0)
    }

    @Test("A message pushed back after sendUntil is not sent again; the next listing expires it")
    func pushedBackAfterSendUntil() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 10, maxInFlight: 1))
        let start = DispatchDriver.startDate
        let ids = driver.queue.addBatch(1, createdAt: start, count: 3, sendUntil: start.addingTimeInterval(1))
        driver.holdAnswers = true
        driver.begin()
        driver.run(untilSecond: 2)
        #expect(driver.sentIDs == [ids[0]])
        driver.answerHeld(with: [.temporary(reason: "429", pushBack: true, retryAfter: nil)])
        driver.run(untilSecond: 5)
        #expect(driver.sentIDs == [ids[0]])
        #expect(ids.allSatisfy { driver.queue.status($0) == .expired })
        #expect(driver.busyWakes == 0)
    }

    @Test("The time to live counts from sendAt, and sendUntil ends it sooner when earlier")
    func deadlines() {
        let start = DispatchDriver.startDate
        let batch = DispatchBatch(id: 1, drop: "d1", route: "r1", createdAt: start)
        #expect(batch.deadline(timeToLive: nil) == nil)
        #expect(batch.deadline(timeToLive: .seconds(60))?.date == start.addingTimeInterval(60))
        var scheduled = batch
        scheduled.sendAt = start.addingTimeInterval(3_600)
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.date == start.addingTimeInterval(3_660))
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.reason == .timeToLive)
        scheduled.sendUntil = start.addingTimeInterval(3_630)
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.date == start.addingTimeInterval(3_630))
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.reason == .sendUntil)
        #expect(scheduled.deadline(timeToLive: nil)?.reason == .sendUntil)
        scheduled.sendUntil = start.addingTimeInterval(7_200)
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.reason == .timeToLive)
        // A sendAt in the past: counted from the batch's creation.
        scheduled.sendAt = start.addingTimeInterval(-600)
        #expect(scheduled.deadline(timeToLive: .seconds(60))?.date == start.addingTimeInterval(60))
    }

    @Test("A scheduled batch outlives a time to live shorter than the wait, and goes at sendAt")
    func ttlFromSendAt() {
        var gate = TestGate()
        gate.ttl["d1"] = .seconds(60)
        var driver = DispatchDriver(gate: gate)
        let start = DispatchDriver.startDate
        let ids = driver.queue.addBatch(1, createdAt: start, count: 2, sendAt: start.addingTimeInterval(300))
        driver.begin()
        driver.run(untilSecond: 301)
        #expect(driver.expired.isEmpty)
        #expect(driver.sentIDs == ids)
        #expect(driver.sends.allSatisfy { $0.expiresAt == start.addingTimeInterval(360) })
    }

    @Test("Each submission carries its batch's sender and the earlier of its time to live and sendUntil")
    func senderAndExpiry() {
        var gate = TestGate()
        gate.ttl["d1"] = .seconds(3_600)
        var driver = DispatchDriver(gate: gate)
        let start = DispatchDriver.startDate
        driver.queue.addBatch(1, createdAt: start, count: 2, sender: "LOJA", sendUntil: start.addingTimeInterval(600))
        driver.queue.addBatch(2, drop: "d2", createdAt: start, count: 2)
        driver.queue.addBatch(3, createdAt: start, count: 2)
        driver.begin()
        driver.run(untilSecond: 1)
        #expect(driver.sends.count == 6)
        for send in driver.sends {
            switch send.message.batchID {
            case 1:
                #expect(send.sender == "LOJA")
                #expect(send.expiresAt == start.addingTimeInterval(600))
            case 2:
                #expect(send.sender == nil)
                #expect(send.expiresAt == nil)
            default:
                #expect(send.sender == nil)
                #expect(send.expiresAt == start.addingTimeInterval(3_600))
            }
        }
    }
}
