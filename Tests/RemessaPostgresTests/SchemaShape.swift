import GRDB
import PostgresNIO
import RemessaPostgres
import RemessaStore
import RemessaTesting

/// A schema's tables (each with its columns in order: name, type class, nullability) and its named indexes, read
/// from a database, to compare the two stores.
struct SchemaShape: Equatable {
    struct Column: Equatable, CustomStringConvertible {
        var name: String
        /// `text`, `real`, `integer` or `boolean`: SQLite's affinities, PostgreSQL's types mapped onto them.
        var kind: String
        /// Whether NULL is allowed; `nil` for primary key columns, where SQLite's answer is not meaningful.
        var nullable: Bool?

        var description: String { "\(self.name) \(self.kind)\(self.nullable == false ? " NOT NULL" : "")" }
    }

    var tables: [String: [Column]]
    var indexes: Set<String>

    /// What differs from `other`, one line each, `self` being SQLite and `other` PostgreSQL.
    func differences(from other: SchemaShape, allowing allowed: [String: String] = [:]) -> [String] {
        var lines: [String] = []
        for table in Set(self.tables.keys).union(other.tables.keys).sorted() {
            guard let mine = self.tables[table] else {
                lines.append("table \(table) only in PostgreSQL")
                continue
            }
            guard let theirs = other.tables[table] else {
                lines.append("table \(table) only in SQLite")
                continue
            }
            if mine.map(\.name) != theirs.map(\.name) {
                lines.append("\(table) columns: SQLite \(mine.map(\.name)), PostgreSQL \(theirs.map(\.name))")
                continue
            }
            for (sqlite, postgres) in zip(mine, theirs) {
                var expected = sqlite
                if let kind = allowed["\(table).\(sqlite.name)"] {
                    expected.kind = kind
                }
                if expected.kind != postgres.kind || (sqlite.nullable != nil && sqlite.nullable != postgres.nullable) {
                    lines.append("\(table).\(sqlite.name): SQLite \(sqlite), PostgreSQL \(postgres)")
                }
            }
        }
        for index in self.indexes.subtracting(other.indexes).sorted() {
            lines.append("index \(index) only in SQLite")
        }
        for index in other.indexes.subtracting(self.indexes).sorted() {
            lines.append("index \(index) only in PostgreSQL")
        }
        return lines
    }

    /// A fresh SQLite store's schema, after all its migrations (GRDB's and SQLite's own tables left out).
    static func sqlite() throws -> SchemaShape {
        let directory = try TemporaryDirectory(prefix: "pg-sqlite-schema")
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, access: .daemon)
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var tables: [String: [Column]] = [:]
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    """
            )
            for table in names {
                tables[table] = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM pragma_table_info(?) ORDER BY cid",
                    arguments: [table]
                )
                .map { row in
                    let primaryKey: Int = row["pk"]
                    let notNull: Bool = row["notnull"]
                    return Column(
                        name: row["name"],
                        kind: (row["type"] as String).lowercased(),
                        nullable: primaryKey > 0 ? nil : !notNull
                    )
                }
            }
            let indexes = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
            return SchemaShape(tables: tables, indexes: Set(indexes))
        }
    }

    /// The schema of the PostgreSQL database `client` is on (`schema_migrations` and the indexes behind
    /// constraints, which SQLite makes unnamed, left out).
    static func postgres(_ client: PostgresClient) async throws -> SchemaShape {
        let rows = try await client.query(
            """
            SELECT table_name::text, column_name::text, data_type::text, is_nullable::text
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
            ORDER BY table_name, ordinal_position
            """,
            logger: PostgresTestKit.logger
        )
        var tables: [String: [Column]] = [:]
        let kinds = ["text": "text", "double precision": "real", "bigint": "integer", "boolean": "boolean"]
        for try await (table, column, type, nullable) in rows.decode((String, String, String, String).self) {
            tables[table, default: []].append(
                Column(name: column, kind: kinds[type] ?? type, nullable: nullable == "YES")
            )
        }
        let indexes = try await PostgresTestKit.strings(
            client,
            """
            SELECT indexname::text FROM pg_indexes
            WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """
        )
        return SchemaShape(tables: tables, indexes: Set(indexes))
    }
}
