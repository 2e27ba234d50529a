/// A cap on how many submissions to a gateway are awaiting an answer at once.
///
/// An acquisition larger than the whole ``limit`` succeeds only when nothing is in flight, so an oversize
/// batch waits for an idle window instead of waiting forever.
public struct InFlightWindow: Sendable, Hashable {
    /// The most submissions in flight at once (at least 1); lowering it below ``inFlight`` only holds back new
    /// acquisitions until enough are released.
    public var limit: Int {
        didSet { self.limit = max(1, self.limit) }
    }
    /// The submissions in flight now.
    public private(set) var inFlight = 0

    /// An empty window of `limit` (at least 1).
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Room for more submissions now.
    public var available: Int {
        max(0, self.limit - self.inFlight)
    }

    /// Takes `n` places if they are free; otherwise takes nothing and returns `false`.
    public mutating func tryAcquire(_ n: Int = 1) -> Bool {
        guard n > 0 else { return true }
        guard n <= self.available || (self.inFlight == 0 && n > self.limit) else { return false }
        self.inFlight += n
        return true
    }

    /// Gives back `n` places (never below zero in flight).
    public mutating func release(_ n: Int = 1) {
        self.inFlight = max(0, self.inFlight - max(0, n))
    }
}
