/// Outcomes whose commit failed (a full disk, an I/O error), held in memory until a commit goes through, with
/// the backoff between attempts: 100 ms doubling to 5 s.
///
/// While any are held the route sends nothing new, and their messages stay out of the queue buffers, so a
/// message the gateway took is never submitted again by this process. Times are seconds on the dispatcher's
/// monotonic clock.
struct UncommittedOutcomes<Item: Sendable>: Sendable {
    static var firstDelay: Double { 0.1 }
    static var maxDelay: Double { 5 }

    /// Waiting for a commit, oldest first; not those taken by ``takeDue(at:)`` and not yet answered.
    private(set) var items: [Item] = []
    /// Taken for a commit attempt that has not answered yet.
    private(set) var attempting = 0
    /// When commits began to fail, while they fail.
    private(set) var failingSince: Double?
    private var delay = Self.firstDelay
    private var nextAttempt = 0.0

    /// Whether commits fail now: something is held or being retried.
    var isFailing: Bool { failingSince != nil }

    /// Outcomes not yet committed, including those of an attempt in progress.
    var count: Int { items.count + attempting }

    /// A commit of `failed` failed at `t`; answers true when this starts a failing spell.
    mutating func hold(_ failed: [Item], at t: Double) -> Bool {
        items.append(contentsOf: failed)
        guard failingSince == nil else { return false }
        failingSince = t
        delay = Self.firstDelay
        nextAttempt = t + delay
        return true
    }

    /// How long until the next attempt is due, `nil` while one is in progress or nothing is held.
    func wait(at t: Double) -> Double? {
        guard attempting == 0, !items.isEmpty else { return nil }
        return max(0, nextAttempt - t)
    }

    /// The held outcomes when an attempt is due at `t` (answer with ``committed(at:)`` or ``failed(_:at:)``).
    mutating func takeDue(at t: Double) -> [Item]? {
        guard let wait = wait(at: t), wait == 0 else { return nil }
        let taken = items
        items = []
        attempting = taken.count
        return taken
    }

    /// The attempt committed; answers how long commits had failed when this ends the spell.
    mutating func committed(at t: Double) -> Double? {
        attempting = 0
        guard items.isEmpty, let since = failingSince else { return nil }
        failingSince = nil
        delay = Self.firstDelay
        return t - since
    }

    /// The attempt failed at `t`: its outcomes go back first in line and the delay doubles.
    mutating func failed(_ taken: [Item], at t: Double) {
        attempting = 0
        items.insert(contentsOf: taken, at: 0)
        delay = min(delay * 2, Self.maxDelay)
        nextAttempt = t + delay
    }
}
