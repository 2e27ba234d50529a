import Logging
import PostgresNIO

/// The cluster store's tables: the SQLite store's, migration for migration (same names, same tables, columns and
/// indexes, so one behavioural suite can run against both), recorded in `schema_migrations`.
///
/// A migration added to the SQLite store (RemessaStore/StoreSchema.swift) gets its twin here, under the same name
/// and at the same place in ``migrations``. The cluster's own tables (``clusterOnlyMigrations``: the leases and the
/// nodes) exist only here.
public enum PostgresSchema {
    /// Every migration, in the order they run.
    public static let migrations: [PostgresMigration] = [
        v1, v2Dispatch, v3Campaigns, v4Camp, v4Notices, v4Replies, v5Notices, v6Leases, v7MessageBatchKey,
    ]

    /// The advisory lock the migrating node holds (`pg_advisory_lock`): "Remessa" in ASCII, so it cannot meet
    /// another application's key by chance in a shared database.
    public static let advisoryLockKey: Int64 = 0x52_65_6D_65_73_73_61

    /// Brings the database's schema up to date and answers the names of the migrations this call applied, in
    /// order (none when another node, or an earlier start, already did).
    ///
    /// Nodes that start together all call this: each takes the advisory lock on one connection in turn, so one
    /// migrates while the others wait, then finds nothing left to do. Each migration runs in its own transaction
    /// with its row in `schema_migrations`, so a node killed midway leaves whole migrations only. A database
    /// holding a migration this build does not know (a newer node migrated it) is refused: this node's queries
    /// could misread it.
    @discardableResult
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            // Waiting for the migrating node may take longer than a session's `lock_timeout`, and so may its
            // statements' locks: this session waits as long as that takes.
            try await connection.query("SET lock_timeout = 0", logger: logger)
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await Self.applyPending(on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                // A session that ends releases its advisory locks: when the unlock fails too, end the session.
                do {
                    try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                } catch {
                    try? await connection.close()
                }
                throw error
            }
        }
    }

    /// The migrations recorded in `schema_migrations`, in the order they were applied (empty before the first).
    public static func appliedMigrations(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            try await Self.recordedMigrations(on: connection, logger: logger)
        }
    }

    /// Runs, under the lock, each migration not recorded yet.
    private static func applyPending(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
            )
            """,
            logger: logger
        )
        let recorded = try await Self.recordedMigrations(on: connection, logger: logger)
        let known = Set(Self.migrations.map(\.name))
        if let unknown = recorded.first(where: { !known.contains($0) }) {
            throw PostgresStoreError(
                "the database has migration \(unknown), which this build does not know: a newer remessad migrated it"
            )
        }
        var applied: [String] = []
        for migration in Self.migrations where !recorded.contains(migration.name) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name) VALUES (\(migration.name))",
                    logger: logger
                )
            }
            logger.info("migrated the PostgreSQL store", metadata: ["migration": "\(migration.name)"])
            applied.append(migration.name)
        }
        return applied
    }

    private static func recordedMigrations(
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> [String]
    {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL",
            logger: logger
        )
        for try await present in exists.decode(Bool.self) where !present {
            return []
        }
        let rows = try await connection.query(
            "SELECT name FROM schema_migrations ORDER BY applied_at, name",
            logger: logger
        )
        var names: [String] = []
        for try await name in rows.decode(String.self) {
            names.append(name)
        }
        return names
    }
}
