import Foundation
import RemessaCore
import Testing

/// A gateway that keeps failing (the circuit breaker and its single probe) or pushes back (the rate halves,
/// `Retry-After` pauses the route).
@Suite struct DispatchMachineGatewayTests {
    private static func failingGateway(_ healthy: Counter) -> (QueuedMessage) -> SubmitOutcome {
        { _ in
            healthy.value > 0
                ? .accepted(providerID: nil) : .temporary(reason: "down", pushBack: false, retryAfter: nil)
        }
    }

    @Test("Consecutive failures open the circuit: nothing goes until one probe, whose failure opens it again")
    func circuitAndProbe() {
        var driver = DispatchDriver(
            settings: DispatchDriver.settings(
                retry: RetryPolicy(maxAttempts: 100, base: 1, cap: 1),
                circuitFailures: 3,
                circuitOpenFor: .seconds(10)
            )
        )
        let healthy = Counter()
        driver.answer = Self.failingGateway(healthy)
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 40)
        driver.begin()
        // The burst of 10 went before the first answer; the third failure opened the circuit.
        #expect(driver.sends.count == 10)
        #expect(driver.notices.filter { $0.notice == .circuitOpened(pause: .seconds(10)) }.map(\.at) == [0])
        #expect(driver.machine.isCircuitOpen)

        driver.run(untilSecond: 9.999)
        #expect(driver.sends.count == 10)
        driver.run(untilSecond: 10.5)
        #expect(driver.sends.count == 11)
        #expect(driver.sends[10].isProbe)
        #expect(driver.sends[10].message.id == 11)
        #expect(isNear(driver.sends[10].at, 10, within: 1e-3))
        #expect(driver.notices.filter { $0.notice == .circuitOpened(pause: .seconds(10)) }.count == 2)

        healthy.value = 1
        driver.run(untilSecond: 19.999)
        #expect(driver.sends.count == 11)
        driver.run(untilSecond: 20.001)
        let atTwenty = driver.sends.dropFirst(11)
        #expect(atTwenty.first?.isProbe == true)
        #expect(atTwenty.dropFirst().allSatisfy { !$0.isProbe })
        #expect(atTwenty.count == 10)
        #expect(driver.notices.contains { $0.notice == .circuitClosed && isNear($0.at, 20, within: 1e-3) })
        #expect(!driver.machine.isCircuitOpen)

        // Back to the rate: everything, the retried ones included, goes within the next second.
        driver.run(untilSecond: 21)
        #expect((1...40).allSatisfy { driver.queue.status(Int64($0)) == .submitted })
        #expect(driver.sends.count { $0.isProbe } == 2)
        #expect(driver.busyWakes == 0)
    }

    @Test("While the probe is out, nothing else goes however long it takes; its success closes the circuit")
    func singleProbe() {
        var driver = DispatchDriver(
            settings: DispatchDriver.settings(circuitFailures: 1, circuitOpenFor: .seconds(5))
        )
        let healthy = Counter()
        driver.answer = Self.failingGateway(healthy)
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 30)
        driver.begin()
        #expect(driver.sends.count == 10)
        driver.holdAnswers = true
        driver.run(untilSecond: 5.5)
        #expect(driver.sends.count == 11)
        #expect(driver.sends.last?.isProbe == true)
        let ticksBefore = driver.ticks.count
        driver.run(untilSecond: 60)
        #expect(driver.sends.count == 11)
        #expect(driver.machine.isCircuitOpen)
        // Waiting for the probe costs listings only: every 250 ms while a submission is out.
        // (and a few reads of the batch as its retries come due).
        #expect(driver.ticks.count - ticksBefore <= 4 * 55 + 10)
        #expect(driver.busyWakes == 0)

        healthy.value = 1
        driver.answerHeld()
        #expect(driver.noticeList.contains(.circuitClosed))
        #expect(!driver.machine.isCircuitOpen)
        #expect(driver.sends.count > 11)
        #expect(driver.sends.dropFirst(11).allSatisfy { !$0.isProbe && isNear($0.at, 60) })
    }

    @Test("A push-back halves the rate and its Retry-After pauses every drop; the message leads its lane after it")
    func pushBackWithRetryAfter() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 100, burst: 10, maxInFlight: 10))
        let answered = Counter()
        driver.answer = { _ in
            answered.value += 1
            return answered.value == 31
                ? .temporary(reason: "429", pushBack: true, retryAfter: .seconds(2)) : .accepted(providerID: nil)
        }
        driver.queue.addBatch(1, drop: "a", createdAt: DispatchDriver.startDate, count: 1_000)
        driver.queue.addBatch(2, drop: "b", createdAt: DispatchDriver.startDate, count: 1_000)
        driver.begin()
        driver.run(untilSecond: 0.3)
        // The 31st answer: 10 at 0, then one every 10 ms.
        let pushed = driver.sends[30]
        let at = pushed.at
        #expect(isNear(at, 0.21, within: 1e-6))
        #expect(driver.notices.map(\.notice).contains(.slowedDown(rate: 50)))
        #expect(driver.machine.currentRate == 50)
        #expect(!driver.machine.isCircuitOpen)
        #expect(driver.sendCount(from: at + 1e-9, to: 0.3) == 0)

        driver.run(untilSecond: at + 1.999)
        #expect(driver.sendCount(from: at + 1e-9, to: at + 2 - 1e-6) == 0)
        driver.run(untilSecond: at + 2.001)
        let resumed = driver.sends.dropFirst(31)
        // The bucket refilled to its burst meanwhile; the pushed-back message leads, unchanged.
        #expect(resumed.count == 10)
        #expect(resumed.allSatisfy { isNear($0.at, at + 2, within: 1e-3) })
        #expect(resumed.first { $0.message.batchID == pushed.message.batchID }?.message == pushed.message)
        #expect(Set(resumed.map(\.message.batchID)) == [1, 2])
        // A push-back is not an outcome: the message's only record is its submission.
        #expect(
            driver.committedRecords.filter { $0.messageID == pushed.message.id } == [
                .submitted(messageID: pushed.message.id, providerID: nil)
            ]
        )
        #expect(!driver.noticeList.contains(.retried))

        // Accepted messages bring the rate back up by a twentieth of it per second.
        driver.run(untilSecond: at + 2 + 11)
        #expect(driver.machine.currentRate == 100)
        #expect(driver.busyWakes == 0)
    }

    @Test("Push-backs within a second halve the rate once, and a push-back without Retry-After pauses nothing")
    func pushBackCooldown() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 100, burst: 10, maxInFlight: 10))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 100)
        driver.begin()
        #expect(driver.sends.count == 10)
        driver.run(untilSecond: 0.5)
        for _ in 0..<10 {
            driver.answerHeld(with: [.temporary(reason: "429", pushBack: true, retryAfter: nil)])
        }
        #expect(driver.noticeList == [.slowedDown(rate: 50)])
        #expect(driver.machine.currentRate == 50)
        // Each went again at once, first in its lane, with its attempts unchanged.
        #expect(driver.sends.count == 20)
        #expect(driver.sends.dropFirst(10).allSatisfy { isNear($0.at, 0.5) && $0.message.attempts == 0 })
        #expect(Set(driver.sends.dropFirst(10).map(\.message.id)) == Set(1...10))
        #expect(driver.committedRecords.isEmpty)

        // A second signal more than a second after the first halves it again.
        driver.run(untilSecond: 1.6)
        driver.answerHeld(with: [.temporary(reason: "429", pushBack: true, retryAfter: nil)])
        #expect(driver.noticeList == [.slowedDown(rate: 50), .slowedDown(rate: 25)])
        #expect(driver.machine.currentRate == 25)
    }
}
