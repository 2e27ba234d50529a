import Foundation
import RemessaCore
import Testing

/// Strict priority between classes, round-robin between drops and between a drop's batches.
@Suite struct DispatchMachineFairnessTests {
    @Test("Within a batch, every ALTA message goes before any MEDIA one, and MEDIA before BAIXA, each in line order")
    func strictPriorityInABatch() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1, maxInFlight: 100))
        driver.queue.addBatch(1, createdAt: DispatchDriver.startDate)
        let order: [Priority] = [.baixa, .media, .alta]
        var ids: [Priority: [Int64]] = [:]
        for index in 0..<30 {
            let priority = order[index % 3]
            ids[priority, default: []] += driver.queue.addMessages(batch: 1, count: 1, priority: priority)
        }
        driver.begin()
        driver.run(untilSecond: 3.05)
        #expect(driver.sentIDs == ids[.alta]! + ids[.media]! + ids[.baixa]!)
        #expect(driver.busyWakes == 0)
    }

    @Test("An ALTA batch read after a BAIXA one overtakes it: only the message already sent went first")
    func strictPriorityBetweenBatches() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1, maxInFlight: 100))
        let low = driver.queue.addBatch(1, drop: "a", createdAt: DispatchDriver.startDate, count: 10, priority: .baixa)
        let normal = driver.queue.addBatch(
            2,
            drop: "b",
            createdAt: DispatchDriver.startDate,
            count: 10,
            priority: .media
        )
        let high = driver.queue.addBatch(3, drop: "c", createdAt: DispatchDriver.startDate, count: 10, priority: .alta)
        driver.begin()
        // Batch 1's page is read first and its first message takes the only token; the others are read meanwhile.
        #expect(driver.sentIDs == [low[0]])
        #expect(driver.pageReads.map(\.batchID) == [1, 2, 3])
        driver.run(untilSecond: 3.05)
        #expect(driver.sentIDs == [low[0]] + high + normal + low.dropFirst())
        #expect(driver.busyWakes == 0)
    }

    @Test("Drops take turns whatever their number of batches, and a drop's batches take turns in its turns")
    func roundRobin() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 10, burst: 1, maxInFlight: 100))
        driver.queue.addBatch(1, drop: "a", createdAt: DispatchDriver.startDate, count: 20)
        for batch in Int64(2)...4 {
            driver.queue.addBatch(batch, drop: "b", createdAt: DispatchDriver.startDate, count: 10)
        }
        driver.begin()
        driver.run(untilSecond: 5.05)
        #expect(driver.sends.count == 50)
        let batches = driver.sends.map(\.message.batchID)
        // Batch 1's first message went alone at 0 (the others were not read yet); from then on "a" and "b"
        // alternate while both have messages, and "b"'s three batches rotate.
        #expect(batches[0] == 1)
        let alternating = batches[1..<39]
        #expect(alternating.enumerated().allSatisfy { index, batch in (index % 2 == 0) == (batch == 1) })
        #expect(batches[39...].allSatisfy { $0 != 1 })
        let dropB = batches.filter { $0 != 1 }
        #expect(dropB == Array(repeating: [Int64(2), 3, 4], count: 10).flatMap { $0 })
        #expect(driver.busyWakes == 0)
    }

    @Test("A drop with a million-row upload does not starve a drop with ten: after one round each, they alternate")
    func smallDropNotStarved() {
        var driver = DispatchDriver(settings: DispatchDriver.settings(rate: 100, burst: 1, maxInFlight: 100))
        driver.queue.addBatch(1, drop: "big", createdAt: DispatchDriver.startDate, count: 3_000)
        driver.begin()
        driver.run(untilSecond: 1)
        let before = driver.sends.count
        driver.queue.addBatch(2, drop: "small", createdAt: driver.now.date, count: 10)
        driver.workArrived()
        driver.run(untilSecond: 1.5)
        let after = driver.sends.dropFirst(before).map(\.message.batchID)
        // The ten go in the first twenty sends after the listing saw them, every other one.
        let firstSmall = after.firstIndex(of: 2)!
        #expect(firstSmall <= 1)
        #expect(
            Array(after[firstSmall..<(firstSmall + 20)]) == Array(repeating: [Int64(2), 1], count: 10).flatMap { $0 }
        )
        #expect(driver.busyWakes == 0)
    }
}
