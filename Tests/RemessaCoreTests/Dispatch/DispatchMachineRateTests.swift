import Foundation
import RemessaCore
import Testing

/// The throttle over long runs, bursts and the in-flight bound, on a manual clock that moves only to the wakes
/// the machine asks for.
@Suite struct DispatchMachineRateTests {
    @Test(
        "Over 60 simulated seconds the route sends its rate within 1 %, plus the initial burst",
        arguments: [100.0, 1_000.0]
    )
    func longRunRate(rate: Double) {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: rate, burst: 10, maxInFlight: 50))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: Int(rate) * 70)
        driver.begin()
        driver.run(for: .seconds(60))

        // The bucket holds at least 20 ms of the rate (the runner's catch-up), so 10 at 100/s and 20 at 1,000/s.
        let burst = max(10, Int((rate * 0.02).rounded(.up)))
        let sent = driver.sends.count
        #expect(abs(sent - (burst + Int(rate) * 60)) <= 1)
        #expect(abs(Double(sent - burst) - rate * 60) <= rate * 60 * 0.01)
        // Every ten seconds after the burst carry the rate, not a burst and then silence.
        for start in stride(from: 1.0, to: 51, by: 10) {
            #expect(abs(driver.sendCount(from: start, to: start + 10) - Int(rate) * 10) <= 1)
        }
        // Every message went once, in line order, each in its own commit after its answer.
        #expect(driver.sentIDs == Array(1...Int64(sent)))
        #expect(driver.committedRecords.count == sent)
        // Woken only for tokens and listings, never at once.
        #expect(driver.busyWakes == 0)
        #expect(driver.ticks.count <= sent + driver.listings.count)
    }

    @Test("A full bucket lets the burst go at once, then one message per token; a quiet spell refills it")
    func burst() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 20, maxInFlight: 100))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        #expect(driver.sends.count == 20)
        #expect(driver.sends.allSatisfy { $0.at == 0 })
        #expect(driver.machine.tokens(at: driver.now) < 1)

        driver.run(untilSecond: 1.05)
        let afterBurst = driver.sends.dropFirst(20).map(\.at)
        #expect(afterBurst.count == 10)
        for (index, at) in afterBurst.enumerated() {
            #expect(isNear(at, 0.1 * Double(index + 1)))
        }

        // 80 more take 8 s; then 12 s of nothing to send refill the bucket to its burst, not beyond.
        driver.run(untilSecond: 20)
        #expect(driver.sends.count == 100)
        #expect(isNear(driver.sends.last?.at, 8.0))
        #expect(driver.machine.tokens(at: driver.now) == 20)
        driver.queue.addBatch(2, createdAt: driver.now.date, count: 30)
        driver.workArrived()
        #expect(driver.sends.count == 120)
        #expect(driver.sends.dropFirst(100).allSatisfy { isNear($0.at, 20) && $0.message.batchID == 2 })
        driver.run(untilSecond: 21.05)
        #expect(driver.sends.count == 130)
        #expect(driver.busyWakes == 0)
    }

    @Test("Never more than maxInFlight submitted and uncommitted: a 50 ms gateway caps 10 in flight at 200 msg/s")
    func inFlightBound() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 1_000, burst: 1_000, maxInFlight: 10))
        driver.latency = .milliseconds(50)
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 5_000)
        driver.begin()
        #expect(driver.sends.count == 10)
        #expect(driver.machine.inFlight == 10)
        driver.run(untilSecond: 0.049)
        #expect(driver.sends.count == 10)

        // A round of 10 every 50 ms, at 0, 0.05, …, 10.0: the window, not the rate, sets the pace.
        driver.run(untilSecond: 10.025)
        #expect(driver.sends.count == 2_010)
        #expect(driver.maxOutstanding == 10)
        let rounds = Dictionary(grouping: driver.sends) { ($0.at * 20).rounded() }
        #expect(rounds.count == 201)
        #expect(rounds.values.allSatisfy { $0.count == 10 })
        #expect(driver.busyWakes == 0)
    }

    @Test("A provider's batch size groups a lane's messages in one call, within the window")
    func batchedSubmissions() {
        var driver = DispatchDriver(
            settings: DispatchDriver.settings(rate: 1_000, burst: 1_000, maxInFlight: 10, batchSize: 4)
        )
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 30)
        driver.begin()
        let sizes = Dictionary(grouping: driver.sends, by: \.submission).values.map(\.count).sorted()
        #expect(sizes == [2, 4, 4])
        #expect(driver.machine.inFlight == 10)
        driver.run(untilSecond: 1)
        #expect(driver.sends.count == 10)

        // One answer frees its 4 places once committed: one call of 4 more.
        driver.answerHeld()
        #expect(driver.sends.count == 14)
        #expect(driver.sends.suffix(4).map(\.message.id) == [11, 12, 13, 14])
        #expect(Set(driver.sends.suffix(4).map(\.submission)).count == 1)
        #expect(driver.busyWakes == 0)
    }
}
