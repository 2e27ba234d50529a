/// Lets one event per key through per `interval` and counts the others, so that a flood (a gateway hammering a
/// webhook with bad signatures) is logged at a bounded rate, each line saying how many were left out before it.
///
/// Time is passed in as seconds on a monotonic clock and never read. At most `maxKeys` keys are tracked; when
/// that many are inside their interval, events of a new key are left out (and not counted).
public struct EventThrottle: Sendable, Hashable {
    /// What to do with one event.
    public enum Decision: Sendable, Hashable {
        /// Report it, saying that `suppressed` events of its key were left out since the last one reported.
        case emit(suppressed: Int)
        /// Leave it out.
        case suppress
    }

    private struct Slot: Sendable, Hashable {
        var emittedAt: Double
        var suppressed: Int
    }

    /// Seconds between two events reported for the same key.
    public let interval: Double
    public let maxKeys: Int
    private var slots: [String: Slot] = [:]

    public init(interval: Double, maxKeys: Int = 1024) {
        self.interval = interval
        self.maxKeys = max(1, maxKeys)
    }

    /// Decides on an event of `key` at `now`.
    public mutating func record(_ key: String, now: Double) -> Decision {
        if var slot = slots[key] {
            guard now - slot.emittedAt >= interval else {
                slot.suppressed += 1
                slots[key] = slot
                return .suppress
            }
            slots[key] = Slot(emittedAt: now, suppressed: 0)
            return .emit(suppressed: slot.suppressed)
        }
        if slots.count >= maxKeys {
            // Keys whose interval passed with nothing left out have nothing more to say.
            slots = slots.filter { now - $0.value.emittedAt < interval || $0.value.suppressed > 0 }
            guard slots.count < maxKeys else { return .suppress }
        }
        slots[key] = Slot(emittedAt: now, suppressed: 0)
        return .emit(suppressed: 0)
    }
}
