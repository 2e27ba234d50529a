/// What a lease holds in a cluster (contract section 13): one drop's polling, claiming and publishing, or one
/// route's sending. At most one node holds a given key at a time.
public struct LeaseKey: Sendable, Hashable, CustomStringConvertible {
    /// `drop` or `route`; other kinds may come.
    public var kind: String
    /// The drop's or the route's name.
    public var key: String

    public init(kind: String, key: String) {
        self.kind = kind
        self.key = key
    }

    /// The lease on a drop: polling its inbox, claiming its files and publishing its outbox.
    public static func drop(_ name: String) -> LeaseKey {
        LeaseKey(kind: "drop", key: name)
    }

    /// The lease on a route: submitting its messages to the gateway.
    public static func route(_ name: String) -> LeaseKey {
        LeaseKey(kind: "route", key: name)
    }

    /// `kind:key`, e.g. `drop:acme`.
    public var description: String { "\(self.kind):\(self.key)" }
}
