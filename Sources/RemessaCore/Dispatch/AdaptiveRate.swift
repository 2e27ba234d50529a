/// A send rate that backs off when the gateway pushes back and recovers while it accepts (AIMD).
///
/// ``current`` starts at the configured ``ceiling``. Each push-back (a 429, a throttling error) halves it,
/// never below ``floor``, but at most once per ``cooldown``: a burst of refusals to messages that were already
/// in flight counts as one signal. Successes recover it additively, by `ceiling / 20` per second elapsed, so a
/// rate at the floor is back at the ceiling after about 20 seconds without push-back.
public struct AdaptiveRate: Sendable, Hashable {
    /// The configured rate: the most ``current`` ever is.
    public private(set) var ceiling: Double
    /// The least ``current`` ever is.
    public private(set) var floor: Double
    /// The least time between two halvings.
    public let cooldown: Double
    /// The rate to send at now.
    public private(set) var current: Double

    /// The floor given at initialisation, `nil` for the default.
    private let configuredFloor: Double?
    private var lastHalving: Double?
    private var lastChange: Double?

    /// A rate at `ceiling` (negative counts as 0) that halves down to `floor`, by default the greater of 1 and
    /// `ceiling / 50`, never above `ceiling`.
    public init(ceiling: Double, floor: Double? = nil, cooldown: Double = 1) {
        self.configuredFloor = floor
        self.cooldown = max(0, cooldown)
        self.ceiling = Self.sanitised(ceiling)
        self.floor = Self.floor(for: self.ceiling, configured: floor)
        self.current = self.ceiling
    }

    /// Whether ``current`` is below ``ceiling``.
    public var isBackedOff: Bool {
        self.current < self.ceiling
    }

    /// The gateway pushed back at `now`: halves ``current`` unless it was halved less than ``cooldown`` ago.
    ///
    /// - Returns: whether ``current`` changed.
    @discardableResult
    public mutating func pushBack(now: Double) -> Bool {
        if let lastHalving = self.lastHalving, now - lastHalving < self.cooldown {
            return false
        }
        self.lastHalving = now
        self.lastChange = now
        let halved = max(self.floor, self.current / 2)
        let changed = halved != self.current
        self.current = halved
        return changed
    }

    /// The gateway accepted a message at `now`: recovers ``current`` by `ceiling / 20` per second since the last
    /// change, up to ``ceiling``.
    public mutating func succeeded(now: Double) {
        guard self.isBackedOff, let lastChange = self.lastChange, now > lastChange else { return }
        self.current = min(self.ceiling, self.current + self.ceiling / 20 * (now - lastChange))
        self.lastChange = now
    }

    /// Changes the configured rate (a reload): a rate that was not backed off follows it, one that was stays
    /// where it is, below the new ceiling.
    public mutating func setCeiling(_ ceiling: Double) {
        let wasBackedOff = self.isBackedOff
        self.ceiling = Self.sanitised(ceiling)
        self.floor = Self.floor(for: self.ceiling, configured: self.configuredFloor)
        self.current = wasBackedOff ? min(self.ceiling, max(self.floor, self.current)) : self.ceiling
    }

    private static func floor(for ceiling: Double, configured: Double?) -> Double {
        min(ceiling, max(0, configured ?? max(1, ceiling / 50)))
    }

    private static func sanitised(_ rate: Double) -> Double {
        rate.isNaN ? 0 : max(0, rate)
    }
}
