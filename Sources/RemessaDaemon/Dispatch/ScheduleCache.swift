import Foundation
import RemessaConfig

/// Each drop's send schedule evaluated for the current second, so the check per message is a lookup.
struct ScheduleCache: Sendable {
    private var snapshots: [String: (second: Int, snapshot: SendSchedule.Snapshot)] = [:]

    /// The schedule of `drop` at `date` (recomputed once per second).
    mutating func snapshot(drop name: String, drops: DropList, at date: Date) -> SendSchedule.Snapshot? {
        let second = Int(date.timeIntervalSince1970)
        if let cached = snapshots[name], cached.second == second {
            return cached.snapshot
        }
        guard let drop = drops.drop(named: name) else { return nil }
        let snapshot = drop.schedule.snapshot(at: date)
        snapshots[name] = (second, snapshot)
        return snapshot
    }
}
