import Foundation
import GRDB
import PostgresNIO
@testable import RemessaStore

@testable import RemessaPostgres

/// Raw SQL on whichever store a test has, for what the store's interface does not answer (which rows exist,
/// what a column holds) or to set up a fault. Values come back as text: integers in decimal, NULL as "NULL".
enum StoreSQL {
    /// Every row of `sql`, each column as text.
    static func rows(_ store: any Store, _ sql: String) async throws -> [[String]] {
        switch store {
        case let sqlite as SQLiteStore:
            return try await sqlite.pool.read { db in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(Self.text) }
            }
        case let postgres as PostgresStore:
            var result: [[String]] = []
            for try await row in try await postgres.client.query(PostgresQuery(unsafeSQL: sql), logger: postgres.logger)
            {
                result.append(row.map(Self.text))
            }
            return result
        default:
            throw StoreSQLError(description: "no raw SQL for \(type(of: store))")
        }
    }

    /// The first column of the first row of `sql` as an integer (a count).
    static func int(_ store: any Store, _ sql: String) async throws -> Int {
        Int(try await rows(store, sql).first?.first ?? "") ?? 0
    }

    /// Runs `sql` for its effect.
    static func execute(_ store: any Store, _ sql: String) async throws {
        _ = try await rows(store, sql)
    }

    private static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let integer): String(integer)
        case .double(let double): String(double)
        case .string(let string): string
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }

    private static func text(_ cell: PostgresCell) -> String {
        guard cell.bytes != nil else { return "NULL" }
        switch cell.dataType {
        case .int2, .int4, .int8: return (try? cell.decode(Int64.self)).map(String.init) ?? "?"
        case .float4, .float8: return (try? cell.decode(Double.self)).map { String($0) } ?? "?"
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? "1" : "0" } ?? "?"
        default: return (try? cell.decode(String.self)) ?? "?"
        }
    }
}

struct StoreSQLError: Error, CustomStringConvertible {
    let description: String
}
