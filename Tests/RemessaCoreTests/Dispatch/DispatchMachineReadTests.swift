import Foundation
import RemessaCore
import Testing

/// Reading the queue: pages of a long batch as its buffer runs low, failed reads, and what happens while a read
/// is out.
@Suite struct DispatchMachineReadTests {
    @Test("A long batch is read a page at a time, the next one when its buffer falls under the low-water mark")
    func pages() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1_000, burst: 10, maxInFlight: 50))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 3_000)
        driver.begin()
        driver.run(untilSecond: 4)
        #expect(driver.sends.count == 3_000)
        #expect(driver.sentIDs == Array(1...3_000))
        // 1,024 a page; the next once 769 of a page went (255 left, under 256); the third is the last.
        #expect(driver.pageReads.map(\.afterID) == [0, 1_024, 2_048])
        #expect(driver.pageReads[1].at == driver.sends[768].at)
        #expect(driver.pageReads[2].at == driver.sends[1_024 + 768].at)
        #expect(driver.busyWakes == 0)
    }

    @Test("A failed page read is tried again at the next listing")
    func pageFails() {
        var driver = DispatchDriver()
        driver.pageReadsFail = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 5)
        driver.begin()
        driver.run(untilSecond: 0.3)
        #expect(driver.sends.isEmpty)
        driver.pageReadsFail = false
        driver.run(untilSecond: 0.6)
        #expect(driver.pageReads.count == 3)
        for (read, at) in zip(driver.pageReads, [0, 0.25, 0.5]) {
            #expect(isNear(read.at, at))
        }
        #expect(driver.sends.count == 5)
        #expect(driver.sends.allSatisfy { isNear($0.at, 0.5) })
        #expect(driver.busyWakes == 0)
    }

    @Test("Outcomes committed while a page read was out are not taken up again from its stale page")
    func committedDuringRead() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(circuitFailures: 100))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 3)
        driver.begin()
        #expect(driver.sentIDs == [1, 2, 3])
        // Message 3 fails: its retry, due in 1 to 2 s, makes the batch read again. That read is held.
        driver.answerHeld(
            driver.unanswered[2].submission.id,
            with: [.temporary(reason: "busy", pushBack: false, retryAfter: nil)]
        )
        var random = SplitMix64(seed: 7)
        let due = RetryPolicy(maxAttempts: 3, base: 2, cap: 60).delay(afterAttempt: 1, unitRandom: random.unitDouble())!
        driver.run(untilSecond: due - 0.001)
        driver.holdReads = true
        driver.run(untilSecond: due + 0.001)
        #expect(driver.heldReads.count == 1)
        let rescan = driver.heldReads.first.map {
            if case .page(1, let page) = $0 { page.map(\.id) == [1, 2, 3] } else { false }
        }
        #expect(rescan == true)
        // Meanwhile 1 and 2 are accepted and committed; the page, read before, still shows them QUEUED.
        driver.answerHeld()
        driver.answerHeld()
        #expect(driver.queue.status(1) == .submitted)
        driver.holdReads = false
        while !driver.heldReads.isEmpty { driver.finishHeldRead() }
        driver.run(untilSecond: 3)
        #expect(driver.sentIDs == [1, 2, 3, 3])
        #expect(driver.busyWakes == 0)
    }

    @Test("Work that arrives while a listing is out is listed again as soon as it answers")
    func workArrivedDuringListing() {
        var driver = DispatchDriver()
        driver.begin()
        driver.holdReads = true
        driver.run(untilSecond: 1.05)
        #expect(driver.heldReads.count == 1)
        // The listing's query ran before the new batch was committed: it does not show it.
        driver.run(untilSecond: 1.1)
        driver.queue.addBatch(1, createdAt: driver.now.date, count: 5)
        driver.workArrived()
        driver.holdReads = false
        driver.run(untilSecond: 1.2)
        driver.finishHeldRead()
        #expect(driver.listings.count == 3)
        #expect(isNear(driver.listings.last, 1.2))
        #expect(driver.sends.count == 5)
        #expect(driver.sends.allSatisfy { isNear($0.at, 1.2) })
        #expect(driver.busyWakes == 0)
    }

    @Test("A page of messages not yet due is skipped, and the batch read again when the first comes due")
    func notBefore() {
        var driver = DispatchDriver()
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate)
        for (id, delay) in [(1, 0.0), (2, 5.0), (3, 2.0)] {
            driver.queue.addMessage(
                QueuedMessage(
                    id: Int64(id),
                    batchID: 1,
                    destination: "+551199999000\(id)",
                    text: "x",
                    notBefore: driver.date(delay)
                )
            )
        }
        driver.begin()
        driver.run(untilSecond: 6)
        #expect(driver.sentIDs == [1, 3, 2])
        #expect(isNear(driver.sends[1].at, 2, within: 1e-3))
        #expect(isNear(driver.sends[2].at, 5, within: 1e-3))
        #expect(driver.busyWakes == 0)
    }
}
