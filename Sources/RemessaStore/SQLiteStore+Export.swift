import Foundation
import GRDB

/// One value of a row read whole from the SQLite store, as SQLite stored it (``SQLiteStore/export(_:row:tableEnd:)``).
package enum StoreCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// What ``SQLiteStore/export(_:row:tableEnd:)`` read besides the rows.
package struct SQLiteExportSummary: Sendable, Hashable {
    /// Rows read, by table.
    package var rows: [String: Int] = [:]
    /// The highest id each `AUTOINCREMENT` table ever handed out (`sqlite_sequence`): never less than its
    /// largest id, more when its newest rows were deleted.
    package var counters: [String: Int64] = [:]
    /// Messages of an ingest cut short (their batch row was never written), left out: the daemon discards them
    /// when it takes the file up again.
    package var stagedMessages = 0
}

extension SQLiteStore {
    /// The store's tables and their columns, in the order SQLite keeps them; without SQLite's own tables and the
    /// migrations' record.
    package func tableColumns() throws -> [String: [String]] {
        try pool.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                    AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """
            )
            var columns: [String: [String]] = [:]
            for table in tables {
                columns[table] = try db.columns(in: table).map(\.name)
            }
            return columns
        }
    }

    /// Reads every row of `tables` (in that order, each `(name, columns)`), handing each row's cells to `row` and
    /// calling `tableEnd` after each table's last row, in one transaction that holds the store's write lock: the
    /// rows are one moment's, and another process's write (an operator command's) waits, then fails, instead of
    /// being left out. Blocks: call it on a thread of its own (``StoreThread``). The closures may throw to stop.
    package func export(
        _ tables: [(name: String, columns: [String])],
        row: (_ cells: [StoreCell]) throws -> Void,
        tableEnd: (_ table: String) throws -> Void
    ) throws -> SQLiteExportSummary {
        try pool.writeWithoutTransaction { db in
            var summary = SQLiteExportSummary()
            try db.inTransaction(.immediate) {
                for table in tables {
                    let columns = table.columns.map(Self.quoted).joined(separator: ", ")
                    // By the primary key, so each table is written in the order its ids grew.
                    let order = try db.primaryKey(table.name).columns.map(Self.quoted).joined(separator: ", ")
                    let cursor = try Row.fetchCursor(
                        db,
                        sql: "SELECT \(columns) FROM \(Self.quoted(table.name))\(Self.exportFilter(table.name)) "
                            + "ORDER BY \(order)"
                    )
                    var count = 0
                    var cells: [StoreCell] = []
                    cells.reserveCapacity(table.columns.count)
                    while let next = try cursor.next() {
                        cells.removeAll(keepingCapacity: true)
                        for index in 0..<table.columns.count {
                            cells.append(Self.cell(next[index] as DatabaseValue))
                        }
                        try row(cells)
                        count += 1
                    }
                    summary.rows[table.name] = count
                    try tableEnd(table.name)
                }
                let sequences = try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence")
                for sequence in sequences {
                    summary.counters[sequence["name"]] = sequence["seq"]
                }
                summary.stagedMessages =
                    try Int.fetchOne(
                        db,
                        sql: "SELECT count(*) FROM message WHERE batch_id NOT IN (SELECT id FROM batch)"
                    ) ?? 0
                return .commit
            }
            return summary
        }
    }

    /// Which rows of `table` are the store's: a message whose batch row is missing is staged by an ingest that
    /// never finished (``MessageInserter``), not part of the store.
    private static func exportFilter(_ table: String) -> String {
        table == "message" ? " WHERE batch_id IN (SELECT id FROM batch)" : ""
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func cell(_ value: DatabaseValue) -> StoreCell {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
    }
}
