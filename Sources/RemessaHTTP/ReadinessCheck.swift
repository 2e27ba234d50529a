/// One named condition `/readyz` checks, such as "the store is writable" or "drop acme polled recently".
package struct ReadinessCheck: Sendable {
    /// The outcome of one check.
    package enum Status: Sendable, Hashable {
        /// The condition holds.
        case ok
        /// The condition fails; the sentence says why (`last poll 3 min ago`). It is served to anyone who can
        /// reach the listener: no secrets, no personal data.
        case failing(String)
    }

    /// The key under `checks` in the `/readyz` JSON (`store`, `drop.acme`). Names should be unique.
    package let name: String
    /// Evaluates the condition. It should return quickly and honour cancellation: it is cut off at the
    /// service's readiness timeout.
    package let check: @Sendable () async -> Status

    package init(_ name: String, check: @escaping @Sendable () async -> Status) {
        self.name = name
        self.check = check
    }
}
