/// How long a lease lasts and how a holder keeps it (contract section 13).
///
/// The database grants a lease for ``ttl`` from its own `now()`; the holder renews it every ``renewEvery`` and
/// stops its work ``margin`` before the lease could have run out, counted on its own monotonic clock from the
/// instant the last successful renew was sent. So a holder that cannot renew (the database is gone, the process was
/// paused) stops on its own, and another node takes the lease over once the database sees it expired: within
/// `ttl` plus one `acquireEvery` of the holder's last renew.
public struct LeaseSettings: Sendable, Equatable {
    /// How long the database keeps a lease past its last acquire or renew.
    public let ttl: Duration
    /// How often the holder renews.
    public let renewEvery: Duration
    /// How long before the lease could run out the holder stops working: the time it needs to stop, and slack for
    /// the clocks' rates.
    public let margin: Duration
    /// How soon a renew or an acquire that failed (an error, not an answer) is tried again.
    public let retryAfter: Duration
    /// How often a node that does not hold the lease tries to acquire it.
    public let acquireEvery: Duration

    /// The defaults: a 15 s lease renewed every 5 s, work stopped 3 s before it could run out.
    public static let standard = LeaseSettings(
        unchecked: .seconds(15),
        renewEvery: .seconds(5),
        margin: .seconds(3),
        retryAfter: .seconds(1),
        acquireEvery: .seconds(5)
    )

    /// Settings where two renews at least fit before the holder would stop: `margin < ttl` and
    /// `renewEvery * 2 <= ttl - margin`; anything else is refused, with the reason.
    public init(
        ttl: Duration,
        renewEvery: Duration,
        margin: Duration,
        retryAfter: Duration,
        acquireEvery: Duration
    ) throws(LeaseSettingsError) {
        guard ttl > .zero, margin >= .zero, margin < ttl else {
            throw LeaseSettingsError("the lease's margin (\(margin)) must be less than its ttl (\(ttl))")
        }
        guard renewEvery > .zero, renewEvery * 2 <= ttl - margin else {
            throw LeaseSettingsError(
                "the lease is renewed every \(renewEvery): at most half of ttl - margin (\(ttl - margin))"
            )
        }
        guard retryAfter > .zero, acquireEvery > .zero else {
            throw LeaseSettingsError("retryAfter and acquireEvery must be positive")
        }
        self.init(
            unchecked: ttl,
            renewEvery: renewEvery,
            margin: margin,
            retryAfter: retryAfter,
            acquireEvery: acquireEvery
        )
    }

    private init(
        unchecked ttl: Duration,
        renewEvery: Duration,
        margin: Duration,
        retryAfter: Duration,
        acquireEvery: Duration
    ) {
        self.ttl = ttl
        self.renewEvery = renewEvery
        self.margin = margin
        self.retryAfter = retryAfter
        self.acquireEvery = acquireEvery
    }
}

/// Why lease settings were refused.
public struct LeaseSettingsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the settings.
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
