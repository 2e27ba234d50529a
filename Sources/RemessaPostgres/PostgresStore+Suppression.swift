import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// The opt-out lists on PostgreSQL, as ``SQLiteStore``'s: each real change writes a row to `suppression_log` in
/// the same transaction.
///
/// Every write to the lists, and every reply, runs under one transaction-scoped advisory lock
/// (``listsLockKey``), taken before the transaction draws a sequence: the writes of all nodes take turns, so
///
/// - a number two nodes add at once is logged as added once (each sees what the other committed);
/// - `suppression_log.seq` and `reply.seq` are committed in order, so the newest committed sequence only grows:
///   ``suppressionVersion()`` moves with every change any node commits, and a `replies.NNNN.csv` or
///   `optouts.NNNN.csv` cut at the newest sequence never leaves behind a smaller one committed later.
///
/// They are short, infrequent writes (an operator's command, a client's upload, a reply), so the wait is too.
extension PostgresStore {
    /// The advisory lock the list and reply writes take in turn: "RemeOpt" in ASCII (the schema's migration lock
    /// is "Remessa").
    public static let listsLockKey: Int64 = 0x52_65_6D_65_4F_70_74

    /// Who, why and from where, for the log.
    struct ListChange {
        var actor: String
        var reason: String
        var source: OptOutSource
        var messageID: Int64?
        var at: Date
    }

    /// Takes the lists' lock for the rest of the transaction on `connection`.
    func lockLists(on connection: PostgresConnection) async throws {
        try await self.execute("SELECT pg_advisory_xact_lock(\(Self.listsLockKey))", on: connection)
    }

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
        let change = ListChange(actor: actor, reason: reason, source: source, messageID: messageID, at: date)
        return try await self.transaction { connection in
            try await self.lockLists(on: connection)
            return try await self.addSuppression(destinations, list: list, change: change, on: connection)
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
        let change = ListChange(actor: actor, reason: reason, source: source, messageID: nil, at: date)
        return try await self.transaction { connection in
            try await self.lockLists(on: connection)
            return try await self.removeSuppression(destinations, list: list, change: change, on: connection)
        }
    }

    /// Adds `numbers` to `list` within the caller's transaction, which holds the lists' lock; answers how many
    /// were not on it.
    func addSuppression(
        _ numbers: [String],
        list: String,
        change: ListChange,
        on connection: PostgresConnection
    ) async throws -> Int {
        // The log first: it is what tells the new destinations from those already there.
        let added = try await self.count(
            """
            INSERT INTO suppression_log (destination, action, at, actor, reason, list, source, message_id)
            SELECT value, \(SuppressionLogEntry.Action.added.rawValue), \(change.at.storeSeconds), \(change.actor), \
            \(change.reason), \(list), \(change.source.rawValue), \(change.messageID)::bigint
            FROM unnest(\(numbers)::text[]) WITH ORDINALITY AS given (value, key)
            WHERE NOT EXISTS (SELECT 1 FROM suppression WHERE list = \(list) AND destination = given.value)
            GROUP BY value ORDER BY min(key)
            RETURNING 1
            """,
            on: connection
        )
        try await self.execute(
            """
            INSERT INTO suppression (list, destination, added_at, added_by, reason)
            SELECT \(list), value, \(change.at.storeSeconds), \(change.actor), \(change.reason)
            FROM unnest(\(numbers)::text[]) AS given (value)
            ON CONFLICT (list, destination) DO NOTHING
            """,
            on: connection
        )
        return added
    }

    /// Removes `numbers` from `list` within the caller's transaction, which holds the lists' lock; answers how
    /// many were on it.
    func removeSuppression(
        _ numbers: [String],
        list: String,
        change: ListChange,
        on connection: PostgresConnection
    ) async throws -> Int {
        let removed = try await self.count(
            """
            INSERT INTO suppression_log (destination, action, at, actor, reason, list, source, message_id)
            SELECT value, \(SuppressionLogEntry.Action.removed.rawValue), \(change.at.storeSeconds), \
            \(change.actor), \(change.reason), \(list), \(change.source.rawValue), \(change.messageID)::bigint
            FROM unnest(\(numbers)::text[]) WITH ORDINALITY AS given (value, key)
            WHERE EXISTS (SELECT 1 FROM suppression WHERE list = \(list) AND destination = given.value)
            GROUP BY value ORDER BY min(key)
            RETURNING 1
            """,
            on: connection
        )
        try await self.execute(
            "DELETE FROM suppression WHERE list = \(list) AND destination = ANY(\(numbers)::text[])",
            on: connection
        )
        return removed
    }

    /// See ``Store``.
    public func suppressions(
        list: String,
        matching digits: String?,
        limit: Int,
        offset: Int
    ) async throws -> [SuppressionEntry] {
        let term = Self.searchTerm(digits)
        return try await self.rows(
            """
            SELECT * FROM suppression
            WHERE list = \(list) AND (\(term)::text IS NULL OR strpos(destination, \(term)) > 0)
            ORDER BY destination COLLATE "C" LIMIT \(limit) OFFSET \(offset)
            """
        ).map(SuppressionEntry.init(row:))
    }

    /// See ``Store``.
    public func suppressionCount(list: String, matching digits: String?) async throws -> Int {
        let term = Self.searchTerm(digits)
        let row = try await self.row(
            """
            SELECT count(*) AS n FROM suppression
            WHERE list = \(list) AND (\(term)::text IS NULL OR strpos(destination, \(term)) > 0)
            """
        )
        return row?["n"] ?? 0
    }

    /// See ``Store``.
    public func suppression(_ destination: String, list: String) async throws -> SuppressionEntry? {
        try await self.row("SELECT * FROM suppression WHERE list = \(list) AND destination = \(destination)")
            .map(SuppressionEntry.init(row:))
    }

    /// See ``Store``.
    public func suppressedDestinations(lists: [String]) async throws -> Set<String> {
        var destinations = Set<String>()
        let rows = try await self.client.query(
            "SELECT destination FROM suppression WHERE list = ANY(\(lists)::text[])",
            logger: self.logger
        )
        for try await destination in rows.decode(String.self) {
            destinations.insert(destination)
        }
        return destinations
    }

    /// See ``Store``.
    public func suppressionLists() async throws -> [String: Set<String>] {
        var lists: [String: Set<String>] = [:]
        let rows = try await self.client.query("SELECT list, destination FROM suppression", logger: self.logger)
        for try await (list, destination) in rows.decode((String, String).self) {
            lists[list, default: []].insert(destination)
        }
        return lists
    }

    /// See ``Store``. The lists' lock makes the newest committed sequence grow with every commit (see above).
    public func suppressionVersion() async throws -> Int64 {
        try await self.row("SELECT coalesce(max(seq), 0) AS version FROM suppression_log")?["version"] ?? 0
    }

    /// See ``Store``.
    public func suppressionHistory(_ destination: String, list: String) async throws -> [SuppressionLogEntry] {
        try await self.rows(
            "SELECT * FROM suppression_log WHERE list = \(list) AND destination = \(destination) ORDER BY seq"
        ).map(SuppressionLogEntry.init(row:))
    }

    /// An empty search means no search.
    private static func searchTerm(_ digits: String?) -> String? {
        guard let digits, !digits.isEmpty else { return nil }
        return digits
    }
}
