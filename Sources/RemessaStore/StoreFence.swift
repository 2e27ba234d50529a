import RemessaCore

/// The lease a piece of work runs under, and its fencing token (contract section 13): every write the cluster
/// store makes for that work first checks, in its own transaction, that the token is still the lease's.
///
/// The daemon binds it for the length of the work (a drop's polls and publications, a route's sending) with
/// ``StoreFence/$current``; the store reads it, so the many writes in between need no extra argument. A SQLite
/// store is one node and ignores it.
///
/// ```swift
/// try await StoreFence.$current.withValue(StoreFence(lease: .drop("acme"), token: 42)) {
///     try await store.claimFile(…)   // throws StoreError.staleLease once another node holds drop:acme
/// }
/// ```
public struct StoreFence: Sendable, Hashable {
    public var lease: LeaseKey
    public var token: Int64

    public init(lease: LeaseKey, token: Int64) {
        self.lease = lease
        self.token = token
    }

    /// The fence of the work the current task does; nil: unfenced (a single node, or work no lease guards).
    @TaskLocal public static var current: StoreFence?
}

extension StoreError {
    /// A write refused because the lease it was made under is no longer this node's (`fence`'s token is stale):
    /// nothing was written.
    package static func staleLease(_ fence: StoreFence) -> StoreError {
        StoreError(.staleLease, "the lease \(fence.lease) is no longer held under token \(fence.token)")
    }
}
