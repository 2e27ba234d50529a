/// Chooses which lane sends next: strict priority between classes, round-robin between drops inside a class and
/// between a drop's lanes.
///
/// A lane is a unit of ready work (typically a batch's messages of one priority) owned by a drop. Only lanes of
/// the highest-priority class with any active lane are picked. Inside that class each drop gets one pick per
/// turn however many lanes it has, so a drop that uploads a million rows cannot starve one that uploads ten, and
/// a drop with many batches gets no more turns than a drop with one; inside a drop the lanes take turns.
///
/// ``next()`` does not deactivate: the caller calls ``deactivate(_:)`` when a lane runs dry (or is paused) and
/// ``activate(_:drop:priority:)`` when it has ready work again. Every operation is O(1) on average.
public struct FairScheduler<Lane: Hashable & Sendable>: Sendable {
    private struct Membership: Sendable {
        let drop: String
        let priority: Priority
    }

    /// One priority class: its drops in turn order, and each drop's active lanes in turn order.
    private struct PriorityClass: Sendable {
        var drops = RoundRobinRing<String>()
        var lanes: [String: RoundRobinRing<Lane>] = [:]
    }

    /// Indexed by ``classIndex(of:)``, highest priority first.
    private var classes = Priority.allCases.map { _ in PriorityClass() }
    private var memberships: [Lane: Membership] = [:]

    /// An empty scheduler.
    public init() {}

    /// Whether no lane is active.
    public var isEmpty: Bool {
        self.memberships.isEmpty
    }

    /// The number of active lanes.
    public var activeLaneCount: Int {
        self.memberships.count
    }

    /// Whether `lane` is active.
    public func isActive(_ lane: Lane) -> Bool {
        self.memberships[lane] != nil
    }

    /// Marks `lane`, owned by `drop`, as having ready work of `priority`.
    ///
    /// A newly active lane joins the end of its drop's rotation, and a drop with no other active lane in that
    /// class joins the end of the class's rotation. Activating an active lane changes nothing (its drop and
    /// priority stay those it was activated with; deactivate it first to change them).
    public mutating func activate(_ lane: Lane, drop: String, priority: Priority) {
        guard self.memberships[lane] == nil else { return }
        self.memberships[lane] = Membership(drop: drop, priority: priority)
        let index = Self.classIndex(of: priority)
        self.classes[index].lanes[drop, default: RoundRobinRing()].append(lane)
        self.classes[index].drops.append(drop)
    }

    /// Marks `lane` as having no ready work; an inactive lane is ignored.
    public mutating func deactivate(_ lane: Lane) {
        guard let membership = self.memberships.removeValue(forKey: lane) else { return }
        let index = Self.classIndex(of: membership.priority)
        self.classes[index].lanes[membership.drop]?.remove(lane)
        if self.classes[index].lanes[membership.drop]?.isEmpty ?? true {
            self.classes[index].lanes[membership.drop] = nil
            self.classes[index].drops.remove(membership.drop)
        }
    }

    /// The lane whose turn it is, `nil` when none is active; the lane stays active.
    public mutating func next() -> Lane? {
        for index in self.classes.indices {
            guard let drop = self.classes[index].drops.front else { continue }
            self.classes[index].drops.advance()
            guard let lane = self.classes[index].lanes[drop]?.front else { continue }
            self.classes[index].lanes[drop]?.advance()
            return lane
        }
        return nil
    }

    private static func classIndex(of priority: Priority) -> Int {
        switch priority {
        case .alta: 0
        case .media: 1
        case .baixa: 2
        }
    }
}
