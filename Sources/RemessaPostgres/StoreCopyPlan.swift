import Logging
import PostgresNIO

/// What a ``StoreCopy`` copies: the tables both stores have, each in PostgreSQL's column order, parents before
/// the tables that reference them; and the identity columns whose sequences must move past the copied ids.
struct StoreCopyPlan: Sendable {
    /// A table to copy.
    struct Table: Sendable {
        var name: String
        var encoder: StoreCopyEncoder
        /// Its `GENERATED … AS IDENTITY` column, if it has one.
        var identity: String?

        var columns: [String] { encoder.columns }
    }

    var tables: [Table]

    /// The tables the copy takes a lock on: those it fills, and the cluster's own (no node may start taking
    /// leases meanwhile).
    var lockedTables: [String] { tables.map(\.name) + PostgresSchema.clusterOnlyTables.sorted() }

    /// The plan for copying a SQLite store with `sqlite`'s tables and columns into `client`'s migrated database;
    /// throws when the two schemas do not hold the same tables and columns (a store of another version).
    static func make(
        sqlite: [String: [String]],
        client: PostgresClient,
        logger: Logger
    ) async throws -> StoreCopyPlan {
        let catalog = try await Catalog.read(client, logger: logger)
        let shared = Set(catalog.columns.keys).subtracting(PostgresSchema.clusterOnlyTables)
            .subtracting(["schema_migrations"])
        guard shared == Set(sqlite.keys) else {
            let onlySQLite = Set(sqlite.keys).subtracting(shared).sorted()
            let onlyPostgres = shared.subtracting(sqlite.keys).sorted()
            throw StoreCopyError(
                .schemaDiffers,
                "the two stores' tables differ (only in SQLite: \(onlySQLite), only in PostgreSQL: \(onlyPostgres)): "
                    + "run remessad of this version on the SQLite store first"
            )
        }
        var tables: [Table] = []
        for name in try Self.parentsFirst(shared, references: catalog.references) {
            let columns = catalog.columns[name] ?? []
            guard Set(columns.map(\.name)) == Set(sqlite[name] ?? []) else {
                throw StoreCopyError(
                    .schemaDiffers,
                    "the table \(name) has other columns in SQLite (\((sqlite[name] ?? []).sorted())) "
                        + "than in PostgreSQL (\(columns.map(\.name).sorted()))"
                )
            }
            tables.append(
                Table(
                    name: name,
                    encoder: StoreCopyEncoder(
                        table: name,
                        columns: columns.map(\.name),
                        kinds: columns.map { StoreCopyEncoder.Kind(dataType: $0.dataType) }
                    ),
                    identity: columns.first(where: \.isIdentity)?.name
                )
            )
        }
        return StoreCopyPlan(tables: tables)
    }

    /// `tables` ordered so that each comes after every table it references (by name among equals).
    static func parentsFirst(_ tables: Set<String>, references: [String: Set<String>]) throws -> [String] {
        var ordered: [String] = []
        var placed: Set<String> = []
        while placed.count < tables.count {
            let ready = tables.subtracting(placed).filter { table in
                references[table, default: []].subtracting([table]).intersection(tables).isSubset(of: placed)
            }
            guard !ready.isEmpty else {
                throw StoreCopyError(.schemaDiffers, "the PostgreSQL tables reference each other in a cycle")
            }
            ordered += ready.sorted()
            placed.formUnion(ready)
        }
        return ordered
    }

    /// The columns and foreign keys of the database's tables in its current schema.
    struct Catalog {
        struct Column {
            var name: String
            var dataType: String
            var isIdentity: Bool
        }

        var columns: [String: [Column]] = [:]
        /// The tables each table references.
        var references: [String: Set<String>] = [:]

        static func read(_ client: PostgresClient, logger: Logger) async throws -> Catalog {
            var catalog = Catalog()
            let columns = try await client.query(
                """
                SELECT table_name::text, column_name::text, data_type::text, is_identity::text
                FROM information_schema.columns
                WHERE table_schema = current_schema()
                ORDER BY table_name, ordinal_position
                """,
                logger: logger
            )
            for try await (table, column, dataType, identity) in columns.decode((String, String, String, String).self) {
                catalog.columns[table, default: []].append(
                    Column(name: column, dataType: dataType, isIdentity: identity == "YES")
                )
            }
            let keys = try await client.query(
                """
                SELECT child.relname::text, parent.relname::text
                FROM pg_constraint
                JOIN pg_class child ON child.oid = pg_constraint.conrelid
                JOIN pg_class parent ON parent.oid = pg_constraint.confrelid
                WHERE pg_constraint.contype = 'f' AND child.relnamespace = current_schema()::regnamespace
                """,
                logger: logger
            )
            for try await (child, parent) in keys.decode((String, String).self) {
                catalog.references[child, default: []].insert(parent)
            }
            return catalog
        }
    }
}
