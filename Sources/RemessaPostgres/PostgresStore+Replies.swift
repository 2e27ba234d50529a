import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// Replies (MO) and the lists' change log by range on PostgreSQL, as ``SQLiteStore``'s. A reply is recorded under
/// the lists' lock (``listsLockKey``), with the opt-out it may carry, so replies' sequences are committed in
/// order, as the lists' changes are.
extension PostgresStore {
    /// See ``Store``.
    public func lastSubmitted(to destination: String, route: String, since: Date) async throws -> ReplyAttribution? {
        try await self.row(
            """
            SELECT message.id, message.submitted_at, batch.drop_name FROM message
            JOIN batch ON batch.id = message.batch_id
            WHERE message.destination = \(destination) AND message.submitted_at >= \(since.storeSeconds)
            AND batch.route = \(route)
            ORDER BY message.submitted_at DESC, message.id DESC LIMIT 1
            """
        ).map { row in
            ReplyAttribution(
                drop: row["drop_name"],
                messageID: row["id"],
                submittedAt: Date(storeSeconds: row["submitted_at"])
            )
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
        return try await self.transaction { connection in
            try await self.lockLists(on: connection)
            let row = try await self.row(
                """
                INSERT INTO reply (route, received_at, sender, text, drop_name, message_id, opt_out)
                VALUES (\(route), \(date.storeSeconds), \(from), \(text), \(attribution?.drop), \
                \(attribution?.messageID), \(optingOut))
                RETURNING seq
                """,
                on: connection
            )
            let sequence: Int64 = row?["seq"] ?? 0
            guard optingOut, let attribution else { return (sequence, false) }
            let added = try await self.addSuppression(
                [from],
                list: OptOutListName.own(drop: attribution.drop),
                change: ListChange(
                    actor: "mo:\(route)",
                    reason: "replied \"\(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20))\"",
                    source: .reply,
                    messageID: attribution.messageID,
                    at: date
                ),
                on: connection
            )
            return (sequence, added > 0)
        }
    }

    /// See ``Store``.
    public func replies(drop: String?, unattributed: Bool, limit: Int) async throws -> [ReplyRecord] {
        try await self.rows(
            """
            \(unescaped: Self.replySelect)
            WHERE (\(drop)::text IS NULL OR reply.drop_name = \(drop))
            AND (NOT \(unattributed) OR reply.drop_name IS NULL)
            ORDER BY reply.seq DESC LIMIT \(limit)
            """
        ).map(ReplyRecord.init(row:))
    }

    /// See ``Store``.
    public func replies(drop: String, in sequences: ClosedRange<Int64>) async throws -> [ReplyRecord] {
        try await self.rows(
            """
            \(unescaped: Self.replySelect)
            WHERE reply.drop_name = \(drop) AND reply.seq BETWEEN \(sequences.lowerBound) AND \(sequences.upperBound)
            ORDER BY reply.seq
            """
        ).map(ReplyRecord.init(row:))
    }

    /// See ``Store``.
    public func lastReplySequence(drop: String) async throws -> Int64 {
        try await self.row("SELECT coalesce(max(seq), 0) AS last FROM reply WHERE drop_name = \(drop)")?["last"] ?? 0
    }

    /// See ``Store``.
    public func suppressionChanges(list: String, in sequences: ClosedRange<Int64>) async throws -> [SuppressionLogEntry]
    {
        try await self.rows(
            """
            SELECT * FROM suppression_log
            WHERE list = \(list) AND seq BETWEEN \(sequences.lowerBound) AND \(sequences.upperBound) ORDER BY seq
            """
        ).map(SuppressionLogEntry.init(row:))
    }

    /// See ``Store``.
    public func lastSuppressionSequence(list: String) async throws -> Int64 {
        try await self.row("SELECT coalesce(max(seq), 0) AS last FROM suppression_log WHERE list = \(list)")?["last"]
            ?? 0
    }

    private static let replySelect = """
        SELECT reply.*, message.line, message.correlation_id, file.name AS file_name FROM reply
        LEFT JOIN message ON message.id = reply.message_id
        LEFT JOIN batch ON batch.id = message.batch_id
        LEFT JOIN file ON file.id = batch.file_id
        """
}
