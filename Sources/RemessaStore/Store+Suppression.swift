import Foundation
import GRDB
import RemessaCore

/// The opt-out lists: destinations that are never sent to, by list (``OptOutListName``: `global` and other
/// shared lists, and each drop's own). Each real change writes a row to `suppression_log` in the same
/// transaction, so who added or removed a number, when, why and from where outlives the entry.
extension SQLiteStore {
    /// See ``Store``.
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        messageID: Int64?,
        at date: Date
    ) async throws -> Int {
        let numbers = try Self.jsonArray(destinations)
        return try await pool.write { db in
            try Self.addSuppression(
                db,
                numbers: numbers,
                list: list,
                change: SuppressionChange(actor: actor, reason: reason, source: source, messageID: messageID, at: date)
            )
        }
    }

    /// See ``Store``.
    @discardableResult
    public func removeSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        at date: Date
    ) async throws -> Int {
        let numbers = try Self.jsonArray(destinations)
        return try await pool.write { db in
            try Self.removeSuppression(
                db,
                numbers: numbers,
                list: list,
                change: SuppressionChange(actor: actor, reason: reason, source: source, messageID: nil, at: date)
            )
        }
    }

    /// Who, why and from where, for the log.
    struct SuppressionChange {
        var actor: String
        var reason: String
        var source: OptOutSource
        var messageID: Int64?
        var at: Date
    }

    /// Adds the JSON array `numbers` to `list` within the caller's transaction.
    static func addSuppression(_ db: Database, numbers: String, list: String, change: SuppressionChange) throws -> Int {
        // The log first: it is what tells the new destinations from those already there.
        try db.execute(
            sql: """
                INSERT INTO suppression_log (destination, action, at, actor, reason, list, source, message_id)
                SELECT value, ?, ?, ?, ?, ?, ?, ? FROM json_each(?)
                WHERE value NOT IN (SELECT destination FROM suppression WHERE list = ?)
                GROUP BY value ORDER BY min(key)
                """,
            arguments: [
                SuppressionLogEntry.Action.added.rawValue, change.at.storeSeconds, change.actor, change.reason, list,
                change.source.rawValue, change.messageID, numbers, list,
            ]
        )
        let added = db.changesCount
        try db.execute(
            sql: """
                INSERT INTO suppression (list, destination, added_at, added_by, reason)
                SELECT ?, value, ?, ?, ? FROM json_each(?) WHERE true
                ON CONFLICT (list, destination) DO NOTHING
                """,
            arguments: [list, change.at.storeSeconds, change.actor, change.reason, numbers]
        )
        return added
    }

    /// Removes the JSON array `numbers` from `list` within the caller's transaction.
    static func removeSuppression(
        _ db: Database,
        numbers: String,
        list: String,
        change: SuppressionChange
    ) throws -> Int {
        try db.execute(
            sql: """
                INSERT INTO suppression_log (destination, action, at, actor, reason, list, source, message_id)
                SELECT value, ?, ?, ?, ?, ?, ?, ? FROM json_each(?)
                WHERE value IN (SELECT destination FROM suppression WHERE list = ?)
                GROUP BY value ORDER BY min(key)
                """,
            arguments: [
                SuppressionLogEntry.Action.removed.rawValue, change.at.storeSeconds, change.actor, change.reason,
                list, change.source.rawValue, change.messageID, numbers, list,
            ]
        )
        let removed = db.changesCount
        try db.execute(
            sql: "DELETE FROM suppression WHERE list = ? AND destination IN (SELECT value FROM json_each(?))",
            arguments: [list, numbers]
        )
        return removed
    }

    /// `destinations` as one JSON array, so a change of any size is two statements that SQLite runs on its own
    /// (`json_each`) instead of a statement per destination: 100,000 numbers go in at once.
    static func jsonArray(_ destinations: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(destinations), as: UTF8.self)
    }

    /// See ``Store``.
    public func suppressions(
        list: String,
        matching digits: String?,
        limit: Int,
        offset: Int
    ) async throws -> [SuppressionEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM suppression WHERE list = ?4 AND (?1 IS NULL OR instr(destination, ?1) > 0)
                    ORDER BY destination LIMIT ?2 OFFSET ?3
                    """,
                arguments: [Self.searchTerm(digits), limit, offset, list]
            ).map(SuppressionEntry.init(row:))
        }
    }

    /// See ``Store``.
    public func suppressionCount(list: String, matching digits: String?) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM suppression WHERE list = ?2 AND (?1 IS NULL OR instr(destination, ?1) > 0)",
                arguments: [Self.searchTerm(digits), list]
            ) ?? 0
        }
    }

    /// See ``Store``.
    public func suppression(_ destination: String, list: String) async throws -> SuppressionEntry? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM suppression WHERE list = ? AND destination = ?",
                arguments: [list, destination]
            ).map(SuppressionEntry.init(row:))
        }
    }

    /// See ``Store``.
    public func suppressedDestinations(lists: [String]) async throws -> Set<String> {
        try await pool.read { db in
            var destinations = Set<String>()
            let cursor = try String.fetchCursor(
                db,
                sql: "SELECT DISTINCT destination FROM suppression WHERE list IN (SELECT value FROM json_each(?))",
                arguments: [try Self.jsonArray(lists)]
            )
            while let destination = try cursor.next() {
                destinations.insert(destination)
            }
            return destinations
        }
    }

    /// See ``Store``.
    public func suppressionLists() async throws -> [String: Set<String>] {
        try await pool.read { db in
            var lists: [String: Set<String>] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT list, destination FROM suppression")
            while let row = try cursor.next() {
                lists[row["list"], default: []].insert(row["destination"])
            }
            return lists
        }
    }

    /// See ``Store``.
    public func suppressionVersion() async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM suppression_log") ?? 0
        }
    }

    /// See ``Store``.
    public func suppressionHistory(_ destination: String, list: String) async throws -> [SuppressionLogEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM suppression_log WHERE list = ? AND destination = ? ORDER BY seq",
                arguments: [list, destination]
            ).map(SuppressionLogEntry.init(row:))
        }
    }

    /// An empty search means no search.
    private static func searchTerm(_ digits: String?) -> String? {
        guard let digits, !digits.isEmpty else { return nil }
        return digits
    }
}
