import Foundation
import GRDB
import Logging
import PostgresNIO
import RemessaPostgres
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("PostgresSchema: the SQLite store's schema on PostgreSQL (and the cluster's leases), migrated by one node")
struct PostgresSchemaTests {
    static let allNames = PostgresSchema.migrations.map(\.name)

    @Test("The migrations are the SQLite store's, by name and in order, and then the cluster's own")
    func sameMigrationsAsSQLite() {
        let shared = Self.allNames.filter { !PostgresSchema.clusterOnlyMigrations.contains($0) }
        #expect(shared == StoreSchema.migrator.migrations)
        #expect(
            Self.allNames.filter { PostgresSchema.clusterOnlyMigrations.contains($0) } == [
                "v6-leases", "v7-message-batch-key",
            ]
        )
    }

    @Test("Migrating an empty database makes every table, column and index of a fresh SQLite store")
    func sameSchemaAsSQLite() async throws {
        let sqlite = try SchemaShape.sqlite()
        #expect(sqlite.tables.count >= 11, "the SQLite schema was not read: \(sqlite.tables.keys.sorted())")
        try await PostgresSandbox.withSandbox { sandbox in
            try await PostgresTestKit.settings(sandbox).withClient(logger: PostgresTestKit.logger) { client in
                let applied = try await PostgresSchema.migrate(client, logger: PostgresTestKit.logger)
                #expect(applied == Self.allNames)
                var postgres = try await SchemaShape.postgres(client)
                // The leases and the nodes are the cluster's alone (a SQLite store is one node).
                #expect(PostgresSchema.clusterOnlyTables.allSatisfy { postgres.tables[$0] != nil })
                for table in PostgresSchema.clusterOnlyTables {
                    postgres.tables[table] = nil
                }
                // reply.opt_out is a boolean where SQLite keeps 0 or 1; everything else maps one to one.
                let differences = sqlite.differences(from: postgres, allowing: ["reply.opt_out": "boolean"])
                #expect(differences.isEmpty, "\n\(differences.joined(separator: "\n"))")
            }
        }
    }

    @Test("Three nodes migrating at once: one applies every migration, the others wait and find it done")
    func concurrentMigrationsApplyOnce() async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            let settings = PostgresTestKit.settings(sandbox)
            // Three pools, as three nodes would have.
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await settings.withClient(logger: PostgresTestKit.logger) { client in
                            try await PostgresSchema.migrate(client, logger: PostgresTestKit.logger)
                        }
                    }
                }
                var results: [[String]] = []
                for try await applied in group {
                    results.append(applied)
                }
                return results
            }
            #expect(results.filter { $0 == Self.allNames }.count == 1, "\(results)")
            #expect(results.filter(\.isEmpty).count == 2, "\(results)")
            try await settings.withClient(logger: PostgresTestKit.logger) { client in
                let recorded = try await PostgresTestKit.strings(
                    client,
                    "SELECT name || ' ' || count(*) FROM schema_migrations GROUP BY name ORDER BY name"
                )
                #expect(recorded == Self.allNames.sorted().map { "\($0) 1" })
                #expect(
                    try await PostgresSchema.appliedMigrations(client, logger: PostgresTestKit.logger) == Self.allNames
                )
            }
        }
    }

    @Test("A second migrate changes nothing")
    func secondMigrateIsNoOp() async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            try await PostgresTestKit.settings(sandbox).withClient(logger: PostgresTestKit.logger) { client in
                let logger = PostgresTestKit.logger
                #expect(try await PostgresSchema.appliedMigrations(client, logger: logger).isEmpty)
                #expect(try await PostgresSchema.migrate(client, logger: logger) == Self.allNames)
                let before = try await Self.migrationRows(client)
                let schemaBefore = try await SchemaShape.postgres(client)
                #expect(try await PostgresSchema.migrate(client, logger: logger) == [])
                #expect(try await Self.migrationRows(client) == before)
                #expect(try await SchemaShape.postgres(client) == schemaBefore)
            }
        }
    }

    @Test("A node waits while another holds the migration lock, then migrates")
    func waitsForTheLock() async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            let settings = PostgresTestKit.settings(sandbox)
            let logger = PostgresTestKit.logger
            try await settings.withClient(logger: logger) { client in
                try await client.withConnection { holder in
                    try await holder.query("SELECT pg_advisory_lock(\(PostgresSchema.advisoryLockKey))", logger: logger)
                    let migration = Task {
                        try await settings.withClient(logger: logger) { client in
                            try await PostgresSchema.migrate(client, logger: logger)
                        }
                    }
                    // The other node's session shows up waiting for the advisory lock.
                    let deadline = ContinuousClock.now + .seconds(15)
                    var waiting: [String] = []
                    while waiting != ["1"], ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(20))
                        waiting = try await PostgresTestKit.strings(
                            holder,
                            "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                        )
                    }
                    #expect(waiting == ["1"])
                    let tables = try await PostgresTestKit.strings(
                        holder,
                        "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'"
                    )
                    #expect(tables == ["0"], "migrated while another node held the lock")
                    try await holder.query(
                        "SELECT pg_advisory_unlock(\(PostgresSchema.advisoryLockKey))",
                        logger: logger
                    )
                    #expect(try await migration.value == Self.allNames)
                }
            }
        }
    }

    @Test("A database migrated by a newer build is refused, and the lock is released")
    func refusesNewerSchema() async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            let logger = PostgresTestKit.logger
            try await PostgresTestKit.settings(sandbox).withClient(logger: logger) { client in
                try await PostgresSchema.migrate(client, logger: logger)
                try await client.query("INSERT INTO schema_migrations (name) VALUES ('v99-future')", logger: logger)
                let error = await #expect(throws: PostgresStoreError.self) {
                    try await PostgresSchema.migrate(client, logger: logger)
                }
                #expect(error?.description.contains("v99-future") == true)
                let held = try await PostgresTestKit.strings(
                    client,
                    "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory'"
                )
                #expect(held == ["0"])
            }
        }
    }

    @Test("The schema comparison reports a missing table, a missing or renamed column, a type, and an index")
    func comparisonReportsDifferences() throws {
        let sqlite = try SchemaShape.sqlite()
        var postgres = sqlite
        postgres.tables["notice"] = nil
        postgres.tables["message"]?.removeLast()
        postgres.tables["batch"]?[0].name = "batch_id"
        postgres.tables["file"]?[1].kind = "integer"
        postgres.indexes.remove("event_by_batch")
        let differences = sqlite.differences(from: postgres)
        #expect(differences.count == 5, "\(differences)")
        #expect(differences.contains("table notice only in SQLite"))
        #expect(differences.contains("index event_by_batch only in SQLite"))
        #expect(differences.contains { $0.hasPrefix("file.drop_name:") })
    }

    /// Each recorded migration with the time it was applied.
    static func migrationRows(_ client: PostgresClient) async throws -> [String] {
        try await PostgresTestKit.strings(
            client,
            "SELECT name || ' ' || applied_at::text FROM schema_migrations ORDER BY name"
        )
    }
}
