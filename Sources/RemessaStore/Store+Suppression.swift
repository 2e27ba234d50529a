import Foundation
import GRDB

/// The suppression (opt-out) list: destinations that are never sent to. Each real change writes a row to
/// `suppression_log` in the same transaction, so who added or removed a number, when and why outlives the entry.
extension Store {
    /// Adds `destinations` (E.164 digits) in one transaction and returns how many were not on the list yet.
    ///
    /// Those already there keep their first `addedAt`, `addedBy` and `reason`, and are not logged again; a
    /// destination repeated in `destinations` counts once.
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        actor: String,
        reason: String,
        at date: Date = Date()
    ) async throws -> Int {
        let list = try Self.jsonArray(destinations)
        return try await pool.write { db in
            // The log first: it is what tells the new destinations from those already there.
            try db.execute(
                sql: """
                    INSERT INTO suppression_log (destination, action, at, actor, reason)
                    SELECT value, ?, ?, ?, ? FROM json_each(?)
                    WHERE value NOT IN (SELECT destination FROM suppression)
                    GROUP BY value ORDER BY min(key)
                    """,
                arguments: [SuppressionLogEntry.Action.added.rawValue, date.storeSeconds, actor, reason, list]
            )
            let added = db.changesCount
            try db.execute(
                sql: """
                    INSERT INTO suppression (destination, added_at, added_by, reason)
                    SELECT value, ?, ?, ? FROM json_each(?) WHERE true
                    ON CONFLICT (destination) DO NOTHING
                    """,
                arguments: [date.storeSeconds, actor, reason, list]
            )
            return added
        }
    }

    /// Removes `destinations` in one transaction and returns how many were on the list.
    @discardableResult
    public func removeSuppression(
        _ destinations: [String],
        actor: String,
        reason: String,
        at date: Date = Date()
    ) async throws -> Int {
        let list = try Self.jsonArray(destinations)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO suppression_log (destination, action, at, actor, reason)
                    SELECT value, ?, ?, ?, ? FROM json_each(?)
                    WHERE value IN (SELECT destination FROM suppression)
                    GROUP BY value ORDER BY min(key)
                    """,
                arguments: [SuppressionLogEntry.Action.removed.rawValue, date.storeSeconds, actor, reason, list]
            )
            let removed = db.changesCount
            try db.execute(
                sql: "DELETE FROM suppression WHERE destination IN (SELECT value FROM json_each(?))",
                arguments: [list]
            )
            return removed
        }
    }

    /// `destinations` as one JSON array, so a change of any size is two statements that SQLite runs on its own
    /// (`json_each`) instead of a statement per destination: 100,000 numbers go in at once.
    private static func jsonArray(_ destinations: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(destinations), as: UTF8.self)
    }

    /// A page of the list in destination order; `matching` keeps the destinations that contain those digits.
    public func suppressions(
        matching digits: String? = nil,
        limit: Int,
        offset: Int = 0
    ) async throws
        -> [SuppressionEntry]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM suppression WHERE ?1 IS NULL OR instr(destination, ?1) > 0
                    ORDER BY destination LIMIT ?2 OFFSET ?3
                    """,
                arguments: [Self.searchTerm(digits), limit, offset]
            ).map(SuppressionEntry.init(row:))
        }
    }

    /// How many destinations are on the list (containing `digits`, when given).
    public func suppressionCount(matching digits: String? = nil) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM suppression WHERE ?1 IS NULL OR instr(destination, ?1) > 0",
                arguments: [Self.searchTerm(digits)]
            ) ?? 0
        }
    }

    /// The entry of `destination`, or `nil` when it is not on the list.
    public func suppression(_ destination: String) async throws -> SuppressionEntry? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM suppression WHERE destination = ?", arguments: [destination])
                .map(SuppressionEntry.init(row:))
        }
    }

    /// Every destination on the list, for the ingest and the dispatcher to test rows against without a query
    /// each. About 50 bytes an entry (a number is an inline string), so a million entries take some 50 MB.
    public func suppressedDestinations() async throws -> Set<String> {
        try await pool.read { db in
            var destinations = Set<String>()
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM suppression") ?? 0
            destinations.reserveCapacity(count)
            let cursor = try String.fetchCursor(db, sql: "SELECT destination FROM suppression")
            while let destination = try cursor.next() {
                destinations.insert(destination)
            }
            return destinations
        }
    }

    /// The newest sequence of the suppression log, 0 for none: it changes with every change to the list, so a
    /// reader holding ``suppressedDestinations()`` reloads only when this moved.
    public func suppressionVersion() async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM suppression_log") ?? 0
        }
    }

    /// Every change to `destination`, oldest first.
    public func suppressionHistory(_ destination: String) async throws -> [SuppressionLogEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM suppression_log WHERE destination = ? ORDER BY seq",
                arguments: [destination]
            ).map(SuppressionLogEntry.init(row:))
        }
    }

    /// An empty search means no search.
    private static func searchTerm(_ digits: String?) -> String? {
        guard let digits, !digits.isEmpty else { return nil }
        return digits
    }
}
