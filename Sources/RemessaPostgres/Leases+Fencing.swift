import Logging
import PostgresNIO
import RemessaCore

/// What a fenced write did.
public enum FencedOutcome<Result: Sendable>: Sendable {
    /// The token was current: the write ran and committed, and answered this.
    case done(Result)
    /// The token was stale (another node holds the lease, or it ran out): nothing was written.
    case stale
}

extension FencedOutcome: Equatable where Result: Equatable {}

extension Leases {
    /// Runs `write` in one transaction that first checks, on the database's clock, that `token` is still `lease`'s
    /// current, unexpired token; when it is not, nothing runs and the answer is ``FencedOutcome/stale``.
    ///
    /// **Every write a lease holder makes goes through here** (or through ``holdsFence(_:token:on:logger:)`` at
    /// the start of its own transaction): the holder's knowledge that it holds the lease may be late (a pause, a
    /// slow connection), the token check in the write's own transaction is not. The check takes the lease row
    /// `FOR KEY SHARE`, so another node's takeover of the lease (which deletes the expired row) waits until this
    /// transaction ends: a write that passed the check commits before the next holder starts. The holder's own
    /// renews (an update of no key column) do not wait, so a long write (an ingest's `COPY`) never costs the lease. Keep `write` short, and make every statement of it
    /// on the connection it is given.
    public func fenced<Result: Sendable>(
        _ lease: LeaseKey,
        token: Int64,
        isolation: isolated (any Actor)? = #isolation,
        _ write: (PostgresConnection) async throws -> Result
    ) async throws -> FencedOutcome<Result> {
        let logger = self.logger
        return try await self.client.withTransaction(logger: logger, isolation: isolation) { connection in
            guard try await Self.holdsFence(lease, token: token, on: connection, logger: logger) else {
                return .stale
            }
            return .done(try await write(connection))
        }
    }

    /// Whether `token` is `lease`'s current, unexpired token, checked in the transaction `connection` is in (the
    /// first statement of it), taking the lease row `FOR KEY SHARE` until that transaction ends. A caller that
    /// writes on a `false` answer must roll back.
    public static func holdsFence(
        _ lease: LeaseKey,
        token: Int64,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT 1 FROM lease
            WHERE kind = \(lease.kind) AND key = \(lease.key) AND token = \(token) AND expires_at > now()
            FOR KEY SHARE
            """,
            logger: logger
        )
        var holds = false
        for try await _ in rows.decode(Int32.self) {
            holds = true
        }
        return holds
    }
}
