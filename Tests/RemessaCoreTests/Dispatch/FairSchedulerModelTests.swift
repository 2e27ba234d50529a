import RemessaCore
import Testing

/// The scheduler's rules written the obvious way, with arrays whose first element is the one whose turn it is.
private struct ReferenceScheduler {
    private var classes: [[(drop: String, lanes: [Int])]] = [[], [], []]
    private var memberships: [Int: (drop: String, classIndex: Int)] = [:]

    mutating func activate(_ lane: Int, drop: String, classIndex: Int) {
        guard self.memberships[lane] == nil else { return }
        self.memberships[lane] = (drop, classIndex)
        if let index = self.classes[classIndex].firstIndex(where: { $0.drop == drop }) {
            self.classes[classIndex][index].lanes.append(lane)
        } else {
            self.classes[classIndex].append((drop, [lane]))
        }
    }

    mutating func deactivate(_ lane: Int) {
        guard let (drop, classIndex) = self.memberships.removeValue(forKey: lane),
            let index = self.classes[classIndex].firstIndex(where: { $0.drop == drop })
        else { return }
        self.classes[classIndex][index].lanes.removeAll { $0 == lane }
        if self.classes[classIndex][index].lanes.isEmpty { self.classes[classIndex].remove(at: index) }
    }

    mutating func next() -> Int? {
        for classIndex in self.classes.indices where !self.classes[classIndex].isEmpty {
            var entry = self.classes[classIndex].removeFirst()
            let lane = entry.lanes.removeFirst()
            entry.lanes.append(lane)
            self.classes[classIndex].append(entry)
            return lane
        }
        return nil
    }

    var count: Int { self.memberships.count }
}

@Suite struct FairSchedulerModelTests {
    @Test("Random activations, deactivations and picks match the reference rules", arguments: [1, 2, 3, 0x5EED])
    func matchesReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var scheduler = FairScheduler<Int>()
        var reference = ReferenceScheduler()
        let priorities = Priority.allCases
        var mismatches = 0
        for _ in 0..<20_000 {
            let lane = Int(random.next() % 60)
            // A lane always belongs to the same drop and class, as batches do.
            let drop = "drop\(lane % 8)"
            let classIndex = lane % 5 == 0 ? 0 : (lane % 3 == 0 ? 2 : 1)
            switch random.next() % 10 {
            case 0..<3:
                scheduler.activate(lane, drop: drop, priority: priorities[classIndex])
                reference.activate(lane, drop: drop, classIndex: classIndex)
            case 3..<5:
                scheduler.deactivate(lane)
                reference.deactivate(lane)
            default:
                if scheduler.next() != reference.next() { mismatches += 1 }
            }
            if scheduler.activeLaneCount != reference.count { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
