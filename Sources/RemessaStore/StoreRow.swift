import GRDB

/// A row a store read, seen by column name, whichever database it came from: the records decode themselves
/// from it once (``FileRecord/init(row:)`` and the others) for the SQLite and the PostgreSQL store alike.
///
/// Both schemas keep the same column names and kinds: integers, Unix seconds as floating point, and text.
package protocol StoreRow {
    /// Whether `column` holds NULL (or is absent).
    func isNull(_ column: String) -> Bool
    func int64(_ column: String) -> Int64?
    func double(_ column: String) -> Double?
    func string(_ column: String) -> String?
}

extension StoreRow {
    /// `column` decoded as `Value`: `row["id"]`, `row["ingested_at"] as Double?`.
    package subscript<Value: StoreValue>(_ column: String) -> Value {
        Value.read(column, from: self)
    }
}

/// A type a column decodes to. A NULL where a value is required reads as zero or the empty text: the schemas
/// declare those columns `NOT NULL`.
package protocol StoreValue {
    static func read(_ column: String, from row: some StoreRow) -> Self
}

extension Int64: StoreValue {
    package static func read(_ column: String, from row: some StoreRow) -> Int64 { row.int64(column) ?? 0 }
}

extension Int: StoreValue {
    package static func read(_ column: String, from row: some StoreRow) -> Int { Int(row.int64(column) ?? 0) }
}

extension Double: StoreValue {
    package static func read(_ column: String, from row: some StoreRow) -> Double { row.double(column) ?? 0 }
}

extension String: StoreValue {
    package static func read(_ column: String, from row: some StoreRow) -> String { row.string(column) ?? "" }
}

extension Bool: StoreValue {
    /// SQLite keeps 0 or 1, PostgreSQL a `boolean` (its row answers it as 0 or 1).
    package static func read(_ column: String, from row: some StoreRow) -> Bool { (row.int64(column) ?? 0) != 0 }
}

extension Optional: StoreValue where Wrapped: StoreValue {
    package static func read(_ column: String, from row: some StoreRow) -> Wrapped? {
        row.isNull(column) ? nil : Wrapped.read(column, from: row)
    }
}

extension Row: StoreRow {
    package func isNull(_ column: String) -> Bool {
        !hasColumn(column) || self[column] as DatabaseValue == .null
    }

    package func int64(_ column: String) -> Int64? { self[column] }
    package func double(_ column: String) -> Double? { self[column] }
    package func string(_ column: String) -> String? { self[column] }
}
