import Foundation
import RemessaCore
import Testing

/// What the drops' rules decide instead of sending: send windows, opt-outs, time to live; and cancelling.
@Suite struct DispatchMachineGateTests {
    @Test("Outside its window a message is SCHEDULED until the opening and goes when the window opens")
    func windowOpens() {
        var gate = TestGate()
        gate.dropWindows["d1"] = [TestWindow(opens: DispatchDriver.startDate.addingTimeInterval(3_600))]
        var driver = DispatchDriver(gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 5)
        driver.begin()
        #expect(driver.sends.isEmpty)
        #expect(driver.committedRecords == ids.map { .scheduled(messageID: $0, until: driver.date(3_600)) })
        #expect(driver.commits.count == 1)
        #expect(ids.allSatisfy { driver.queue.status($0) == .scheduled })

        driver.run(untilSecond: 3_599.9)
        #expect(driver.sends.isEmpty)
        #expect(driver.machine.isIdle)
        // Waiting costs a listing a second and a read of the batch every 30 s, nothing more.
        #expect(driver.ticks.count <= 3_600 + 120 + 2)
        driver.run(untilSecond: 3_601)
        #expect(driver.sentIDs == ids)
        #expect(driver.sends.allSatisfy { isNear($0.at, 3_600, within: 1e-3) })
        #expect(ids.allSatisfy { driver.queue.status($0) == .submitted })
        #expect(driver.busyWakes == 0)
    }

    @Test("When the window closes the rest wait for the next opening, and go from it at the rate")
    func windowCloses() {
        var gate = TestGate()
        let start = DispatchDriver.startDate
        gate.dropWindows["d1"] = [
            TestWindow(opens: start, closes: start.addingTimeInterval(4.5)),
            TestWindow(opens: start.addingTimeInterval(100)),
        ]
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1, burst: 1), gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: start, count: 10)
        driver.begin()
        driver.run(untilSecond: 99)
        #expect(driver.sentIDs == Array(ids.prefix(5)))
        let scheduled = driver.committedRecords.filter { if case .scheduled = $0 { true } else { false } }
        #expect(scheduled == ids.dropFirst(5).map { .scheduled(messageID: $0, until: driver.date(100)) })
        driver.run(untilSecond: 105)
        #expect(driver.sentIDs == ids)
        let times = driver.sends.map(\.at)
        for (index, expected) in [0.0, 1, 2, 3, 4, 100, 101, 102, 103, 104].enumerated() {
            #expect(isNear(times[index], expected, within: 1e-3))
        }
        #expect(driver.busyWakes == 0)
    }

    @Test("A number whose window never opens again ends EXPIRED, NO_SEND_WINDOW; an opted-out one OPTED_OUT")
    func noWindowAndOptOut() {
        var gate = TestGate()
        gate.destinationWindows["+5511910000003"] = [
            TestWindow(
                opens: DispatchDriver.startDate.addingTimeInterval(-10),
                closes: DispatchDriver.startDate.addingTimeInterval(0.05)
            )
        ]
        gate.optedOut = ["+5511910000002"]
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1), gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 4)
        #expect(driver.queue.rows[3]?.message.destination == "+5511910000003")
        driver.begin()
        driver.run(untilSecond: 1)
        // 1 goes at 0; at 0.1, 2 is opted out and 3's window has closed for good, without taking a token: 4 goes.
        #expect(driver.sentIDs == [ids[0], ids[3]])
        #expect(
            driver.committedRecords.contains(
                .finished(messageID: 2, status: .optedOut, reasonCode: "OPTED_OUT", error: nil)
            )
        )
        #expect(
            driver.committedRecords.contains(
                .finished(messageID: 3, status: .expired, reasonCode: "NO_SEND_WINDOW", error: nil)
            )
        )
        #expect(driver.noticeList == [.failed(.optedOut)])
        #expect(driver.queue.status(2) == .optedOut)
        #expect(driver.queue.status(3) == .expired)
        #expect(driver.busyWakes == 0)
    }

    @Test("A batch past its time to live is expired at the listing and none of it goes")
    func expiredBeforeSending() {
        var gate = TestGate()
        gate.ttl["d1"] = .seconds(60)
        var driver = DispatchDriver(gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate.addingTimeInterval(-61), count: 5)
        driver.begin()
        driver.run(untilSecond: 5)
        #expect(driver.expired.first?.at == 0)
        #expect(driver.expired.allSatisfy { $0.batchID == 1 })
        #expect(driver.sends.isEmpty)
        #expect(driver.pageReads.isEmpty)
        #expect(ids.allSatisfy { driver.queue.status($0) == .expired })
        #expect(driver.busyWakes == 0)
    }

    @Test("A batch whose time to live runs out while sending stops at that instant; its buffered messages never go")
    func expiresWhileSending() {
        var gate = TestGate()
        gate.ttl["d1"] = .milliseconds(9_600)
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1, burst: 1), gate: gate)
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 30)
        driver.begin()
        driver.run(untilSecond: 9.5)
        #expect(driver.expired.isEmpty)
        #expect(driver.machine.buffered == 20)
        driver.run(untilSecond: 30)
        // The machine wakes for the deadline itself, not for the next listing.
        #expect(isNear(driver.expired.first?.at, 9.6, within: 1e-6))
        #expect(driver.expired.first?.reason == .timeToLive)
        #expect(driver.sentIDs == Array(ids.prefix(10)))
        #expect(driver.machine.buffered == 0)
        #expect(ids.prefix(10).allSatisfy { driver.queue.status($0) == .submitted })
        #expect(ids.dropFirst(10).allSatisfy { driver.queue.status($0) == .expired })
        #expect(driver.busyWakes == 0)
    }

    @Test("A batch missing from a listing is forgotten: its buffered messages never go")
    func cancelled() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1))
        let ids = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.queue.addBatch(2, drop: "d2", createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        driver.run(untilSecond: 2.15)
        driver.queue.cancel(batchID: 1)
        driver.run(untilSecond: 10)
        let seen = driver.listings.first { $0 > 2.15 }!
        #expect(isNear(seen, 2.25, within: 1e-6))
        #expect(driver.sends.allSatisfy { $0.message.batchID == 2 || $0.at <= seen })
        // Batch 1 at 0 and 0.1 (its drop had the turn when batch 2 joined), then every other 100 ms to 2.1.
        #expect(driver.sends.count { $0.message.batchID == 1 } == 12)
        #expect(driver.sends.count { $0.message.batchID == 2 } > 70)
        #expect(ids.dropFirst(12).allSatisfy { driver.queue.status($0) == .cancelled })
        #expect(driver.busyWakes == 0)
    }

    @Test("A cancelled batch's message in flight is answered and committed, and never goes again after a push-back")
    func cancelledInFlight() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 10, maxInFlight: 2))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 10)
        driver.begin()
        #expect(driver.sentIDs == [1, 2])
        driver.queue.cancel(batchID: 1)
        driver.run(untilSecond: 1)
        #expect(driver.machine.buffered == 0)
        driver.answerHeld(with: [.temporary(reason: "429", pushBack: true, retryAfter: nil)])
        driver.answerHeld(with: [.accepted(providerID: "p2")])
        driver.run(untilSecond: 5)
        #expect(driver.sentIDs == [1, 2])
        #expect(driver.committedRecords == [.submitted(messageID: 2, providerID: "p2")])
        #expect(driver.machine.inFlight == 0)
        #expect(driver.machine.isIdle)
        #expect(driver.busyWakes == 0)
    }
}
