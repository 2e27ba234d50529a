import Foundation
import RemessaCore
import Testing

/// No busy loop: an idle route wakes for its listing about once a second, a busy one only when something can
/// happen; and `isIdle`.
@Suite struct DispatchMachineIdleTests {
    @Test("An empty route lists its queue once a second and wakes for nothing else")
    func emptyRoute() {
        var driver = DispatchDriver()
        #expect(driver.machine.isIdle)
        driver.begin()
        #expect(driver.machine.isIdle)
        driver.run(untilSecond: 60)
        #expect(driver.listings.count == 61)
        for (second, at) in driver.listings.enumerated() {
            #expect(isNear(at, Double(second)))
        }
        #expect(driver.ticks.count == 60)
        #expect(driver.busyWakes == 0)
        #expect(driver.machine.isIdle)
    }

    @Test("isIdle is false while anything is buffered, submitted, committed or stopping")
    func isIdle() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 1))
        driver.holdAnswers = true
        driver.holdCommits = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 2)
        driver.begin()
        #expect(driver.machine.buffered == 1)
        #expect(!driver.machine.isIdle)
        driver.answerHeld()
        driver.finishHeldCommit(succeeded: true)
        // The second went; nothing is buffered, but it is in flight.
        #expect(driver.machine.buffered == 0)
        #expect(driver.sends.count == 2)
        #expect(!driver.machine.isIdle)
        driver.answerHeld()
        #expect(driver.heldCommits.count == 1)
        #expect(!driver.machine.isIdle)
        driver.finishHeldCommit(succeeded: true)
        #expect(driver.machine.isIdle)
        driver.stop()
        #expect(!driver.machine.isIdle)
        #expect(driver.machine.isStopped)
    }

    @Test("After the work is done the route goes back to one listing a second")
    func backToIdle() {
        var driver = DispatchDriver()
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        driver.run(untilSecond: 1)
        #expect(driver.sends.count == 20)
        #expect(driver.machine.isIdle)
        // The batch is finished and leaves the listing.
        driver.queue.batches = []
        driver.run(untilSecond: 62)
        #expect(driver.listings.count { $0 >= 2 && $0 < 62 } == 60)
        // At most one more wake: the batch's 30 s safety-net read, due after it was forgotten.
        #expect(driver.ticks.count { $0 >= 2 && $0 < 62 } <= 61)
        #expect(driver.busyWakes == 0)
    }

    @Test("New work is listed at once, not at the next listing")
    func workArrived() {
        var driver = DispatchDriver()
        driver.begin()
        driver.run(untilSecond: 0.5)
        driver.queue.addBatch(1, createdAt: driver.now.date, count: 5)
        driver.workArrived()
        #expect(driver.listings.last == 0.5)
        #expect(driver.sends.count == 5)
        #expect(driver.sends.allSatisfy { $0.at == 0.5 })
    }

    @Test("A failed listing is tried again at the next one")
    func listingFails() {
        var driver = DispatchDriver()
        driver.listingsFail = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 5)
        driver.begin()
        driver.run(untilSecond: 2.5)
        #expect(driver.listings.count == 3)
        #expect(driver.sends.isEmpty)
        driver.listingsFail = false
        driver.run(untilSecond: 3.1)
        #expect(driver.listings.count == 4)
        #expect(isNear(driver.listings.last, 3))
        #expect(driver.sends.count == 5)
        #expect(driver.sends.allSatisfy { isNear($0.at, 3) })
        #expect(driver.busyWakes == 0)
    }

    @Test("A full window with a slow gateway costs listings only, never a wake at once")
    func slowGateway() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(maxInFlight: 5))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        driver.run(untilSecond: 10.1)
        #expect(driver.sends.count == 5)
        // Every 250 ms while a submission is out: 40 listings in 10 s, and no other wake.
        #expect(driver.listings.count == 41)
        #expect(driver.ticks.count == 40)
        #expect(driver.busyWakes == 0)
        driver.answerHeld()
        #expect(driver.sends.count == 6)
    }

    @Test("A route throttled to 1 msg/s wakes once per token and per listing")
    func slowRate() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1, burst: 1))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        driver.run(untilSecond: 10.1)
        #expect(driver.sends.count == 11)
        // 10 token wakes and the 40 listings of 250 ms, some of which coincide with a token.
        #expect(driver.ticks.count <= 50)
        #expect(driver.ticks.count >= 40)
        #expect(driver.busyWakes == 0)
    }
}
