import Foundation
import RemessaCore
import Testing

/// Temporary failures: retries with the policy's backoff, giving up, and the gateway's `Retry-After`.
@Suite struct DispatchMachineRetryTests {
    /// The retry times of the record, or `nil` if it is not a retry of `id`.
    private func retryAt(_ record: DispatchRecord, of id: Int64) -> Date? {
        guard case .retry(id, let at, "busy") = record else { return nil }
        return at
    }

    @Test("A temporary failure is retried at the policy's backoff, read again when due, then given up")
    func retriesThenGivesUp() {
        let policy = RetryPolicy(maxAttempts: 3, base: 2, cap: 60)
        var driver = DispatchDriver(settings: DispatchDriver.settings(retry: policy, circuitFailures: 100))
        driver.answer = { _ in .temporary(reason: "busy", pushBack: false, retryAfter: nil) }
        let id = driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 1)[0]
        // The jitter the machine draws, from the settings' seed: one draw per temporary failure.
        var random = SplitMix64(seed: 7)
        let first = policy.delay(afterAttempt: 1, unitRandom: random.unitDouble())!
        let second = policy.delay(afterAttempt: 2, unitRandom: random.unitDouble())!
        #expect(first >= 1 && first <= 2)
        #expect(second >= 2 && second <= 4)

        driver.begin()
        driver.run(untilSecond: 20)
        #expect(driver.sends.count == 3)
        #expect(driver.sends.map(\.message.attempts) == [0, 1, 2])
        #expect(driver.sends[0].at == 0)
        #expect(isNear(driver.sends[1].at, first, within: 1e-3))
        #expect(isNear(driver.sends[2].at, first + second, within: 1e-3))
        // The batch was read again when each retry came due, from its start.
        for due in [first, first + second] {
            #expect(
                driver.pageReads.contains { isNear($0.at, due, within: 1e-3) && $0.batchID == 1 && $0.afterID == 0 }
            )
        }

        let records = driver.committedRecords
        #expect(records.count == 3)
        #expect(isNear(retryAt(records[0], of: id)?.timeIntervalSince(DispatchDriver.startDate), first))
        #expect(
            isNear(
                retryAt(records[1], of: id)?.timeIntervalSince(DispatchDriver.startDate),
                driver.sends[1].at + second
            )
        )
        #expect(
            records[2]
                == .finished(messageID: id, status: .carrierError, reasonCode: "RETRIES_EXHAUSTED", error: "busy")
        )
        #expect(driver.noticeList == [.retried, .retried, .failed(.carrierError)])
        #expect(driver.queue.status(id) == .carrierError)
        #expect(driver.queue.rows[id]?.message.attempts == 2)
        #expect(driver.busyWakes == 0)
    }

    @Test("A message read with its attempts used up by an earlier run is given up at its next failure")
    func attemptsFromTheStore() {
        var driver = DispatchDriver(
            settings: DispatchDriver.settings(
                retry: RetryPolicy(maxAttempts: 3, base: 2, cap: 60),
                circuitFailures: 100
            )
        )
        driver.answer = { _ in .temporary(reason: "busy", pushBack: false, retryAfter: nil) }
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate)
        driver.queue.addMessage(QueuedMessage(id: 1, batchID: 1, destination: "+5511999990001", text: "x", attempts: 2))
        driver.begin()
        driver.run(untilSecond: 10)
        #expect(driver.sends.count == 1)
        #expect(
            driver.committedRecords == [
                .finished(messageID: 1, status: .carrierError, reasonCode: "RETRIES_EXHAUSTED", error: "busy")
            ]
        )
    }

    @Test("A temporary failure's Retry-After longer than the backoff sets the retry time")
    func retryAfterOnFailure() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(circuitFailures: 100))
        let failed = Counter()
        driver.answer = { _ in
            failed.value += 1
            return failed.value == 1
                ? .temporary(reason: "busy", pushBack: false, retryAfter: .seconds(30)) : .accepted(providerID: "p1")
        }
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 1)
        driver.begin()
        driver.run(untilSecond: 29.9)
        #expect(driver.sends.count == 1)
        #expect(driver.committedRecords == [.retry(messageID: 1, retryAt: driver.date(30), error: "busy")])
        driver.run(untilSecond: 31)
        #expect(driver.sends.count == 2)
        #expect(isNear(driver.sends[1].at, 30, within: 1e-3))
        #expect(driver.queue.status(1) == .submitted)
        #expect(driver.queue.rows[1]?.providerID == "p1")
        #expect(driver.busyWakes == 0)
    }

    @Test("Temporary failures of some messages hold back neither the others nor the lane")
    func failuresDoNotBlockTheLane() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 100, burst: 1, circuitFailures: 100))
        driver.answer = { message in
            message.id % 2 == 0 && message.attempts == 0
                ? .temporary(reason: "busy", pushBack: false, retryAfter: nil) : .accepted(providerID: nil)
        }
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 20)
        driver.begin()
        // 20 first tries by 0.19 s (the bucket holds 2); the ten even ones again after 1 to 2 s of backoff.
        driver.run(untilSecond: 0.5)
        #expect(driver.sends.count == 20)
        #expect(driver.sentIDs == Array(1...20))
        driver.run(untilSecond: 5)
        #expect(driver.sends.count == 30)
        #expect(
            driver.sends.dropFirst(20).allSatisfy { $0.message.id % 2 == 0 && $0.message.attempts == 1 && $0.at >= 1 }
        )
        #expect((1...20).allSatisfy { driver.queue.status(Int64($0)) == .submitted })
        #expect(driver.busyWakes == 0)
    }
    @Test("A refusal ends the message with its status and counts as the gateway answering, not failing")
    func rejected() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(circuitFailures: 2))
        driver.answer = { message in
            message.id == 2
                ? .temporary(reason: "busy", pushBack: false, retryAfter: nil)
                : .rejected(status: .invalidNumber, reasonCode: "UNKNOWN_SUBSCRIBER", detail: "no such number")
        }
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 3)
        driver.begin()
        // Failure, refusal, failure: never two failures in a row, so the circuit stays closed.
        #expect(driver.sentIDs == [1, 2, 3])
        #expect(!driver.machine.isCircuitOpen)
        #expect(
            driver.committedRecords.first
                == .finished(
                    messageID: 1,
                    status: .invalidNumber,
                    reasonCode: "UNKNOWN_SUBSCRIBER",
                    error: "no such number"
                )
        )
        #expect(driver.noticeList == [.failed(.invalidNumber), .retried, .failed(.invalidNumber)])
        #expect(driver.queue.status(1) == .invalidNumber)
        #expect(driver.queue.rows[1]?.reasonCode == "UNKNOWN_SUBSCRIBER")
    }

    @Test("A message the gateway's answer left out counts as a temporary failure")
    func missingOutcome() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(batchSize: 2, circuitFailures: 100))
        driver.holdAnswers = true
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate, count: 2)
        driver.begin()
        #expect(driver.unanswered.count == 1)
        driver.answerHeld(with: [.accepted(providerID: "p1")])
        let records = driver.committedRecords
        #expect(records.first == .submitted(messageID: 1, providerID: "p1"))
        guard case .retry(2, _, "the gateway gave no answer") = records.last else {
            Issue.record("Expected a retry of message 2, got \(records)")
            return
        }
        #expect(driver.machine.inFlight == 0)
    }
}
