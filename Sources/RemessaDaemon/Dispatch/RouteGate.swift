import Foundation
import RemessaConfig
import RemessaCore

/// The daemon's answers to the dispatch machine's per-message questions, from memory: the opt-out lists as last
/// loaded (the drop's own and those it subscribes to), and each drop's send schedule and time to live as last (re)loaded.
struct RouteGate: DispatchGate {
    let drops: DropList
    let suppression: SuppressionCache
    private var schedules = ScheduleCache()

    init(drops: DropList, suppression: SuppressionCache) {
        self.drops = drops
        self.suppression = suppression
    }

    mutating func verdict(for message: QueuedMessage, drop: String, at date: Date) -> DispatchVerdict {
        let lists = drops.drop(named: drop)?.suppressionLists ?? [OptOutListName.global]
        if suppression.contains(message.destination, lists: lists) {
            return .optedOut
        }
        guard let snapshot = schedules.snapshot(drop: drop, drops: drops, at: date),
            !snapshot.isOpen(destination: message.destination)
        else {
            return .send
        }
        guard let opening = snapshot.nextOpening(destination: message.destination) else {
            return .noWindow
        }
        return .wait(until: opening)
    }

    func timeToLive(drop: String) -> Duration? {
        drops.drop(named: drop)?.ttl
    }
}
