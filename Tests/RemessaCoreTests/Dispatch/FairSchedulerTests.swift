import RemessaCore
import Testing

@Suite struct FairSchedulerTests {
    /// A batch's messages of one priority.
    private struct Lane: Hashable, Sendable, CustomStringConvertible {
        let batch: String
        let priority: Priority

        var description: String { "\(self.batch)/\(self.priority.rawValue)" }
    }

    /// A scheduler fed from message counts: every pick sends one message; a lane that runs dry is deactivated.
    private struct Simulation {
        var scheduler = FairScheduler<Lane>()
        var remaining: [Lane: Int] = [:]

        mutating func add(_ batch: String, drop: String, priority: Priority = .media, messages: Int) {
            let lane = Lane(batch: batch, priority: priority)
            self.remaining[lane, default: 0] += messages
            self.scheduler.activate(lane, drop: drop, priority: priority)
        }

        mutating func pick() -> Lane? {
            guard let lane = self.scheduler.next() else { return nil }
            self.remaining[lane, default: 0] -= 1
            if self.remaining[lane] == 0 { self.scheduler.deactivate(lane) }
            return lane
        }

        mutating func pick(_ count: Int) -> [String] {
            (0..<count).compactMap { _ in self.pick()?.batch }
        }
    }

    @Test("A small drop is not starved by a huge one in the same class")
    func smallDropNotStarved() {
        var simulation = Simulation()
        simulation.add("huge", drop: "A", messages: 1_000_000)
        simulation.add("small", drop: "B", messages: 10)
        let picks = simulation.pick(20)
        #expect(picks.filter { $0 == "small" }.count == 10)
        #expect(simulation.remaining[Lane(batch: "small", priority: .media)] == 0)
        #expect(simulation.scheduler.activeLaneCount == 1)
        #expect(simulation.pick(5) == Array(repeating: "huge", count: 5))
    }

    @Test("An ALTA lane activated later goes before every MEDIA pick")
    func strictPriority() {
        var simulation = Simulation()
        simulation.add("m1", drop: "A", messages: 100)
        simulation.add("m2", drop: "B", messages: 100)
        #expect(simulation.pick(3) == ["m1", "m2", "m1"])
        simulation.add("a1", drop: "C", priority: .alta, messages: 4)
        simulation.add("b1", drop: "C", priority: .baixa, messages: 4)
        #expect(simulation.pick(4) == ["a1", "a1", "a1", "a1"])
        // MEDIA resumes where it left off; BAIXA waits until MEDIA is dry.
        #expect(simulation.pick(4) == ["m2", "m1", "m2", "m1"])
        let rest = simulation.pick(200)
        #expect(rest.count == 96 + 97 + 4)
        #expect(rest.firstIndex(of: "b1") == 96 + 97)
        #expect(simulation.scheduler.isEmpty)
        #expect(simulation.scheduler.next() == nil)
    }

    @Test("The same batch's ALTA and BAIXA lanes are scheduled by class")
    func lanesOfOneBatch() {
        var scheduler = FairScheduler<Lane>()
        let low = Lane(batch: "x", priority: .baixa)
        let high = Lane(batch: "x", priority: .alta)
        scheduler.activate(low, drop: "A", priority: .baixa)
        scheduler.activate(high, drop: "A", priority: .alta)
        #expect(scheduler.next() == high)
        #expect(scheduler.next() == high)
        scheduler.deactivate(high)
        #expect(scheduler.next() == low)
    }

    @Test("Two batches of one drop alternate")
    func batchesAlternate() {
        var simulation = Simulation()
        simulation.add("b1", drop: "A", messages: 5)
        simulation.add("b2", drop: "A", messages: 3)
        #expect(simulation.pick(8) == ["b1", "b2", "b1", "b2", "b1", "b2", "b1", "b1"])
    }

    @Test("A drop with 100 batches gets no more turns than a drop with 1")
    func manyBatchesNoMoreTurns() {
        var simulation = Simulation()
        for index in 0..<100 { simulation.add("many\(index)", drop: "A", messages: 1000) }
        simulation.add("single", drop: "B", messages: 1000)
        let picks = simulation.pick(200)
        #expect(picks.filter { $0 == "single" }.count == 100)
        // Inside drop A every batch got exactly one turn.
        let manyPicks = picks.filter { $0.hasPrefix("many") }
        #expect(Set(manyPicks).count == 100)
    }

    @Test("A newly activated lane joins the end of its drop's rotation; a new drop the end of the class's")
    func joinsAtTheEnd() {
        var scheduler = FairScheduler<String>()
        scheduler.activate("a1", drop: "A", priority: .media)
        scheduler.activate("a2", drop: "A", priority: .media)
        scheduler.activate("b1", drop: "B", priority: .media)
        #expect(scheduler.next() == "a1")
        scheduler.activate("a3", drop: "A", priority: .media)
        scheduler.activate("c1", drop: "C", priority: .media)
        let picks = (0..<6).compactMap { _ in scheduler.next() }
        #expect(picks == ["b1", "a2", "c1", "b1", "a1", "c1"])
        #expect(scheduler.next() == "b1")
        #expect(scheduler.next() == "a3")
    }

    @Test("Activation is idempotent and deactivation of an inactive lane is ignored")
    func idempotent() {
        var scheduler = FairScheduler<String>()
        scheduler.activate("a1", drop: "A", priority: .media)
        scheduler.activate("a1", drop: "A", priority: .media)
        scheduler.activate("a1", drop: "B", priority: .alta)
        scheduler.activate("b1", drop: "B", priority: .media)
        #expect(scheduler.activeLaneCount == 2)
        #expect(scheduler.isActive("a1"))
        #expect([scheduler.next(), scheduler.next(), scheduler.next()] == ["a1", "b1", "a1"])
        scheduler.deactivate("a1")
        scheduler.deactivate("a1")
        scheduler.deactivate("zz")
        #expect(!scheduler.isActive("a1"))
        #expect(scheduler.activeLaneCount == 1)
        #expect([scheduler.next(), scheduler.next()] == ["b1", "b1"])
        scheduler.activate("a1", drop: "A", priority: .media)
        #expect([scheduler.next(), scheduler.next()] == ["b1", "a1"])
    }

    @Test("10,000 active lanes: every drop gets an equal share", .timeLimit(.minutes(1)))
    func manyLanes() {
        var scheduler = FairScheduler<Int>()
        for lane in 0..<10_000 {
            scheduler.activate(lane, drop: "drop\(lane % 100)", priority: .media)
        }
        #expect(scheduler.activeLaneCount == 10_000)
        var picksPerDrop = [Int](repeating: 0, count: 100)
        var picksPerLane = [Int](repeating: 0, count: 10_000)
        for _ in 0..<200_000 {
            guard let lane = scheduler.next() else { break }
            picksPerDrop[lane % 100] += 1
            picksPerLane[lane] += 1
        }
        #expect(picksPerDrop.allSatisfy { $0 == 2000 })
        #expect(picksPerLane.allSatisfy { $0 == 20 })
        for lane in stride(from: 0, to: 10_000, by: 2) { scheduler.deactivate(lane) }
        #expect(scheduler.activeLaneCount == 5000)
        // Even drops lost every lane, so only odd drops remain.
        var seen = Set<Int>()
        for _ in 0..<5000 {
            if let lane = scheduler.next() { seen.insert(lane) }
        }
        #expect(seen.count == 5000)
        #expect(seen.allSatisfy { $0 % 2 == 1 })
    }
}
