/// Chooses which lane sends next: strict priority between classes, round-robin between drops inside a class and
/// between a drop's lanes.
///
/// A lane is a unit of ready work (typically a batch's messages of one priority) owned by a drop. Only lanes of
/// the highest-priority class with any active lane are picked. Inside that class each drop gets one pick per
/// turn however many lanes it has, so a drop that uploads a million rows cannot starve one that uploads ten, and
/// a drop with many batches gets no more turns than a drop with one; inside a drop the lanes take turns.
///
/// ``next()`` does not deactivate: the caller calls ``deactivate(_:)`` when a lane runs dry (or is paused) and
/// ``activate(_:drop:priority:)`` when it has ready work again. Every operation is O(1) on average, and
/// ``next()`` hashes nothing.
public struct FairScheduler<Lane: Hashable & Sendable>: Sendable {
    // Lanes and drops are numbered by slot (reused once free) and linked into rings through `RingLinks`:
    // each class has a ring of drop slots, each drop slot a ring of lane slots.

    private var laneSlots: [Lane: Int] = [:]
    /// By lane slot: the lane, `nil` when the slot is free.
    private var lanes: [Lane?] = []
    /// By lane slot: the slot of the lane's drop.
    private var laneDrops: [Int] = []
    private var freeLaneSlots: [Int] = []
    private var laneLinks = RingLinks()

    private var dropSlots: [DropKey: Int] = [:]
    /// By drop slot: the drop, `nil` when the slot is free.
    private var drops: [DropKey?] = []
    /// By drop slot: the front of its ring of lanes.
    private var dropLaneFronts: [Int?] = []
    private var freeDropSlots: [Int] = []
    private var dropLinks = RingLinks()

    /// By class index, highest priority first: the front of its ring of drops.
    private var classFronts = Priority.allCases.map { _ -> Int? in nil }

    /// An empty scheduler.
    public init() {}

    /// Whether no lane is active.
    public var isEmpty: Bool {
        self.laneSlots.isEmpty
    }

    /// The number of active lanes.
    public var activeLaneCount: Int {
        self.laneSlots.count
    }

    /// Whether `lane` is active.
    public func isActive(_ lane: Lane) -> Bool {
        self.laneSlots[lane] != nil
    }

    /// Marks `lane`, owned by `drop`, as having ready work of `priority`.
    ///
    /// A newly active lane joins the end of its drop's rotation, and a drop with no other active lane in that
    /// class joins the end of the class's rotation. Activating an active lane changes nothing (its drop and
    /// priority stay those it was activated with; deactivate it first to change them).
    public mutating func activate(_ lane: Lane, drop: String, priority: Priority) {
        guard self.laneSlots[lane] == nil else { return }
        let dropSlot = self.dropSlot(for: DropKey(classIndex: Self.classIndex(of: priority), name: drop))
        let laneSlot: Int
        if let free = self.freeLaneSlots.popLast() {
            laneSlot = free
            self.lanes[free] = lane
            self.laneDrops[free] = dropSlot
        } else {
            laneSlot = self.lanes.count
            self.lanes.append(lane)
            self.laneDrops.append(dropSlot)
        }
        self.laneSlots[lane] = laneSlot
        self.laneLinks.append(laneSlot, front: &self.dropLaneFronts[dropSlot])
    }

    /// Marks `lane` as having no ready work; an inactive lane is ignored.
    public mutating func deactivate(_ lane: Lane) {
        guard let laneSlot = self.laneSlots.removeValue(forKey: lane) else { return }
        let dropSlot = self.laneDrops[laneSlot]
        self.laneLinks.remove(laneSlot, front: &self.dropLaneFronts[dropSlot])
        self.lanes[laneSlot] = nil
        self.freeLaneSlots.append(laneSlot)
        guard self.dropLaneFronts[dropSlot] == nil, let drop = self.drops[dropSlot] else { return }
        self.dropLinks.remove(dropSlot, front: &self.classFronts[drop.classIndex])
        self.dropSlots[drop] = nil
        self.drops[dropSlot] = nil
        self.freeDropSlots.append(dropSlot)
    }

    /// The lane whose turn it is, `nil` when none is active; the lane stays active.
    public mutating func next() -> Lane? {
        for classIndex in self.classFronts.indices {
            guard let dropSlot = self.classFronts[classIndex], let laneSlot = self.dropLaneFronts[dropSlot] else {
                continue
            }
            self.classFronts[classIndex] = self.dropLinks.after(dropSlot)
            self.dropLaneFronts[dropSlot] = self.laneLinks.after(laneSlot)
            return self.lanes[laneSlot]
        }
        return nil
    }

    /// The slot of `drop`, taking one and joining the end of its class's rotation if it has none.
    private mutating func dropSlot(for drop: DropKey) -> Int {
        if let slot = self.dropSlots[drop] { return slot }
        let slot: Int
        if let free = self.freeDropSlots.popLast() {
            slot = free
            self.drops[free] = drop
            self.dropLaneFronts[free] = nil
        } else {
            slot = self.drops.count
            self.drops.append(drop)
            self.dropLaneFronts.append(nil)
        }
        self.dropSlots[drop] = slot
        self.dropLinks.append(slot, front: &self.classFronts[drop.classIndex])
        return slot
    }

    private static func classIndex(of priority: Priority) -> Int {
        switch priority {
        case .alta: 0
        case .media: 1
        case .baixa: 2
        }
    }
}

/// A drop within one priority class: a drop with lanes in two classes takes turns in each separately.
private struct DropKey: Hashable, Sendable {
    let classIndex: Int
    let name: String
}
