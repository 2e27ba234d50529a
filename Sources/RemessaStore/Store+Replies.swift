import Foundation
import GRDB
import RemessaCore

/// A reply (MO) as the store keeps it.
public struct ReplyRecord: Sendable, Equatable {
    /// The order replies arrived in; `replies.NNNN.csv` files hold ranges of it.
    public var sequence: Int64
    public var route: String
    public var receivedAt: Date
    /// E.164 digits when the sender reads as a number (contract section 3), else as the gateway wrote it.
    public var from: String
    public var text: String
    /// The drop and message it was attributed to; `nil` for an unattributed reply.
    public var drop: String?
    public var messageID: Int64?
    /// Whether it was an opt-out word that put the number on the drop's own list.
    public var optOut: Bool
    /// The attributed message's input file, line and correlation id (nil when unattributed or purged).
    public var file: String?
    public var line: Int?
    public var correlationID: String?
}

/// The message a reply answers: the last one submitted to its number through its route.
public struct ReplyAttribution: Sendable, Equatable {
    public var drop: String
    public var messageID: Int64
    public var submittedAt: Date

    public init(drop: String, messageID: Int64, submittedAt: Date) {
        self.drop = drop
        self.messageID = messageID
        self.submittedAt = submittedAt
    }
}

extension ReplyRecord {
    package init(row: some StoreRow) {
        self.sequence = row["seq"]
        self.route = row["route"]
        self.receivedAt = Date(storeSeconds: row["received_at"])
        self.from = row["sender"]
        self.text = row["text"]
        self.drop = row["drop_name"]
        self.messageID = row["message_id"]
        self.optOut = row["opt_out"]
        self.file = row["file_name"]
        self.line = row["line"]
        self.correlationID = row["correlation_id"]
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func lastSubmitted(to destination: String, route: String, since: Date) async throws -> ReplyAttribution? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT message.id, message.submitted_at, batch.drop_name FROM message
                    JOIN batch ON batch.id = message.batch_id
                    WHERE message.destination = ? AND message.submitted_at >= ? AND batch.route = ?
                    ORDER BY message.submitted_at DESC, message.id DESC LIMIT 1
                    """,
                arguments: [destination, since.storeSeconds, route]
            ).map { row in
                ReplyAttribution(
                    drop: row["drop_name"],
                    messageID: row["id"],
                    submittedAt: Date(storeSeconds: row["submitted_at"])
                )
            }
        }
    }

    /// See ``Store``.
    public func recordReply(
        route: String,
        from: String,
        text: String,
        at date: Date,
        attribution: ReplyAttribution?,
        optOut: Bool
    ) async throws -> (sequence: Int64, added: Bool) {
        let optingOut = optOut && attribution != nil
        let numbers = try Self.jsonArray([from])
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO reply (route, received_at, sender, text, drop_name, message_id, opt_out)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    route, date.storeSeconds, from, text, attribution?.drop, attribution?.messageID, optingOut,
                ]
            )
            let sequence = db.lastInsertedRowID
            guard optingOut, let attribution else { return (sequence, false) }
            let added = try Self.addSuppression(
                db,
                numbers: numbers,
                list: OptOutListName.own(drop: attribution.drop),
                change: SuppressionChange(
                    actor: "mo:\(route)",
                    reason: "replied \"\(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20))\"",
                    source: .reply,
                    messageID: attribution.messageID,
                    at: date
                )
            )
            return (sequence, added > 0)
        }
    }

    /// See ``Store``.
    public func replies(drop: String?, unattributed: Bool, limit: Int) async throws -> [ReplyRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: Self.replySelect + """
                     WHERE (?1 IS NULL OR reply.drop_name = ?1) AND (NOT ?2 OR reply.drop_name IS NULL)
                    ORDER BY reply.seq DESC LIMIT ?3
                    """,
                arguments: [drop, unattributed, limit]
            ).map(ReplyRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func replies(drop: String, in sequences: ClosedRange<Int64>) async throws -> [ReplyRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: Self.replySelect + " WHERE reply.drop_name = ? AND reply.seq BETWEEN ? AND ? ORDER BY reply.seq",
                arguments: [drop, sequences.lowerBound, sequences.upperBound]
            ).map(ReplyRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func lastReplySequence(drop: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT coalesce(max(seq), 0) FROM reply WHERE drop_name = ?",
                arguments: [drop]
            ) ?? 0
        }
    }

    /// See ``Store``.
    public func suppressionChanges(list: String, in sequences: ClosedRange<Int64>) async throws -> [SuppressionLogEntry]
    {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM suppression_log WHERE list = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                arguments: [list, sequences.lowerBound, sequences.upperBound]
            ).map(SuppressionLogEntry.init(row:))
        }
    }

    /// See ``Store``.
    public func lastSuppressionSequence(list: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT coalesce(max(seq), 0) FROM suppression_log WHERE list = ?",
                arguments: [list]
            ) ?? 0
        }
    }

    private static let replySelect = """
        SELECT reply.*, message.line, message.correlation_id, file.name AS file_name FROM reply
        LEFT JOIN message ON message.id = reply.message_id
        LEFT JOIN batch ON batch.id = message.batch_id
        LEFT JOIN file ON file.id = batch.file_id
        """
}
