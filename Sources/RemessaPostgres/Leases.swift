import Foundation
import Logging
import PostgresNIO
import RemessaCore

/// The cluster's leases in PostgreSQL (contract section 13), as one node sees them: who holds each drop and each
/// route, judged on the database's `now()`, never on a node's clock.
///
/// Each operation is one statement: two nodes that race for a lease meet on its row, and exactly one wins. A
/// holder keeps its lease by renewing it under its token before it runs out (``LeaseKeeper`` says when), and
/// makes **every** write under the lease through ``fenced(_:token:isolation:_:)``, so a holder that lost its lease
/// without knowing yet (a pause, a slow connection) changes nothing.
///
/// The leases live only in the cluster store: a SQLite store is one node and holds everything.
///
/// ```swift
/// let leases = Leases(client: client, node: "node-a", logger: logger)
/// if let grant = try await leases.acquire(.drop("acme"), ttl: .seconds(15)) { … grant.token … }
/// ```
public struct Leases: Sendable {
    public let client: PostgresClient
    /// This node's name (`remessad --node`).
    public let node: String
    public let logger: Logger

    public init(client: PostgresClient, node: String, logger: Logger) {
        self.client = client
        self.node = node
        self.logger = logger
    }

    /// Takes `lease` for `ttl` when no one holds it or its holder let it run out, under a new token greater than
    /// every token before it; nil when another node holds it and it has not expired (this node too, under an
    /// earlier token: a restarted node waits for its old lease to run out, so two processes by one name cannot
    /// take it from each other).
    ///
    /// An expired lease's row is deleted before the new one goes in: a delete waits for every fenced write of the
    /// old holder still in progress (each holds the row `FOR KEY SHARE`), so the new holder starts after the old
    /// holder's last write committed. Two nodes racing meet on the row and on its key: exactly one inserts.
    public func acquire(_ lease: LeaseKey, ttl: Duration) async throws -> LeaseGrant? {
        try await self.client.withTransaction(logger: self.logger) { connection in
            try await connection.query(
                """
                DELETE FROM lease WHERE kind = \(lease.kind) AND key = \(lease.key) AND expires_at <= now()
                """,
                logger: self.logger
            )
            let rows = try await connection.query(
                """
                INSERT INTO lease (kind, key, node, token, expires_at, acquired_at, renewed_at)
                VALUES (
                    \(lease.kind), \(lease.key), \(self.node), nextval('lease_token'),
                    now() + make_interval(secs => \(ttl.inSeconds)), now(), now()
                )
                ON CONFLICT (kind, key) DO NOTHING
                RETURNING token, expires_at, extract(epoch FROM expires_at - now())::float8
                """,
                logger: self.logger
            )
            return try await Self.grant(rows)
        }
    }

    /// Extends `lease` held under `token` to `ttl` from now; nil when `token` is no longer its token or it has
    /// expired: the lease is lost, and whatever runs under it stops.
    public func renew(_ lease: LeaseKey, token: Int64, ttl: Duration) async throws -> LeaseGrant? {
        let rows = try await self.client.query(
            """
            UPDATE lease SET expires_at = now() + make_interval(secs => \(ttl.inSeconds)), renewed_at = now()
            WHERE kind = \(lease.kind) AND key = \(lease.key) AND token = \(token) AND node = \(self.node)
                AND expires_at > now()
            RETURNING token, expires_at, extract(epoch FROM expires_at - now())::float8
            """,
            logger: self.logger
        )
        return try await Self.grant(rows)
    }

    /// Gives `lease` back when `token` is still its token, so another node may take it at once; answers whether it
    /// was.
    @discardableResult
    public func release(_ lease: LeaseKey, token: Int64) async throws -> Bool {
        let rows = try await self.client.query(
            """
            DELETE FROM lease WHERE kind = \(lease.kind) AND key = \(lease.key) AND token = \(token)
            RETURNING token
            """,
            logger: self.logger
        )
        var released = false
        for try await _ in rows.decode(Int64.self) {
            released = true
        }
        return released
    }

    /// Every lease row, by kind and key: its holder, token and ages on the database's clock (an expired lease
    /// stays listed until another node takes it over).
    public func holders() async throws -> [LeaseHolder] {
        let rows = try await self.client.query(
            """
            SELECT kind, key, node, token,
                extract(epoch FROM now() - acquired_at)::float8,
                extract(epoch FROM now() - renewed_at)::float8,
                extract(epoch FROM expires_at - now())::float8
            FROM lease ORDER BY kind, key
            """,
            logger: self.logger
        )
        var holders: [LeaseHolder] = []
        for try await (kind, key, node, token, held, renewed, expires) in rows.decode(
            (String, String, String, Int64, Double, Double, Double).self
        ) {
            holders.append(
                LeaseHolder(
                    lease: LeaseKey(kind: kind, key: key),
                    node: node,
                    token: token,
                    heldFor: .seconds(held),
                    renewedAgo: .seconds(renewed),
                    expiresIn: .seconds(expires)
                )
            )
        }
        return holders
    }

    /// The grant in the rows of an acquire or a renew, if there is one.
    private static func grant(_ rows: PostgresRowSequence) async throws -> LeaseGrant? {
        var grant: LeaseGrant?
        for try await (token, expiresAt, remaining) in rows.decode((Int64, Date, Double).self) {
            grant = LeaseGrant(token: token, expiresAt: expiresAt, validFor: .seconds(remaining))
        }
        return grant
    }
}

/// A lease granted or renewed: its token and when it runs out, as the database answered.
public struct LeaseGrant: Sendable, Hashable {
    /// The fencing token: every write under the lease carries it.
    public var token: Int64
    /// When the lease runs out, on the database's clock.
    public var expiresAt: Date
    /// `expiresAt` minus the database's `now()` when it answered: what ``LeaseKeeper`` counts from the instant the
    /// request was sent.
    public var validFor: Duration
}

/// One row of the lease table, for `remessa status`.
public struct LeaseHolder: Sendable, Hashable {
    public var lease: LeaseKey
    public var node: String
    public var token: Int64
    /// Since the holder acquired it.
    public var heldFor: Duration
    /// Since its last renew (or its acquire).
    public var renewedAgo: Duration
    /// Until it runs out; negative once it has (and no one took it over yet).
    public var expiresIn: Duration

    /// Whether it has not run out.
    public var isValid: Bool { self.expiresIn > .zero }
}
