import Foundation
import GRDB
import RemessaCore

/// A stored message, as the final file and the operator commands show it.
public struct MessageRecord: Sendable, Equatable {
    public var id: Int64
    public var batchID: Int64
    public var line: Int
    public var destination: String
    public var correlationID: String?
    public var priority: Priority
    public var text: String
    public var encoding: SMSEncoding
    public var segments: Int
    public var status: MessageStatus
    public var reasonCode: String?
    public var submittedAt: Date?
    public var doneAt: Date?
    /// The row's `CODCLIENTE` and `TAG`, when its layout had them.
    public var clientCode: String?
    public var tag: String?
}

/// One status change of one message, as a DLR file lists it.
public struct StatusEvent: Sendable, Equatable {
    public var sequence: Int64
    public var messageID: Int64
    public var correlationID: String?
    public var destination: String
    public var line: Int
    public var status: MessageStatus
    public var reasonCode: String?
    public var at: Date
}

extension SQLiteStore {
    static let batchSelect = """
        SELECT batch.*, file.name AS file_name FROM batch JOIN file ON file.id = batch.file_id
        """

    /// See ``Store``.
    public func batch(_ id: Int64) async throws -> BatchRecord? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.batchSelect + " WHERE batch.id = ?", arguments: [id])
            else { return nil }
            return BatchRecord(row: row, statusCounts: try Self.statusCounts(db, batchID: id))
        }
    }

    /// See ``Store``.
    public func batches(unfinishedOnly: Bool, drop: String?, limit: Int) async throws -> [BatchRecord] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: Self.batchSelect + """
                     WHERE (?1 = 0 OR batch.finished_at IS NULL) AND (?2 IS NULL OR batch.drop_name = ?2)
                    ORDER BY batch.id DESC LIMIT ?3
                    """,
                arguments: [unfinishedOnly, drop, limit]
            )
            return try rows.map { row in
                BatchRecord(row: row, statusCounts: try Self.statusCounts(db, batchID: row["id"]))
            }
        }
    }

    static func statusCounts(_ db: Database, batchID: Int64) throws -> [MessageStatus: Int] {
        var counts: [MessageStatus: Int] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT status, count(*) AS n FROM message WHERE batch_id = ? GROUP BY status",
            arguments: [batchID]
        )
        for row in rows {
            if let status = MessageStatus(rawValue: row["status"]) {
                counts[status] = row["n"]
            }
        }
        return counts
    }

    /// See ``Store``.
    public func recordBatchFinished(_ id: Int64, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE batch SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                arguments: [now.storeSeconds, id]
            )
            if db.changesCount == 1 { try self.recordFileNotice(db, fileID: id, event: .batchFinished, at: now) }
        }
    }

    /// See ``Store``.
    public func cancelBatch(_ id: Int64, at now: Date) async throws -> Int {
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM batch WHERE id = ?", arguments: [id]) == 1 else {
                throw StoreError(.notFound, "no batch \(id)")
            }
            return try Self.cancel(db, batchID: id, reasonCode: "CANCELLED_BY_OPERATOR", at: now)
        }
    }

    /// Marks a batch cancelled (the dispatcher's listing leaves it out from now on) and ends its unsent messages
    /// `CANCELLED` with `reasonCode`, one event each.
    static func cancel(_ db: Database, batchID id: Int64, reasonCode: String, at now: Date) throws -> Int {
        try db.execute(
            sql: "UPDATE batch SET cancelled_at = coalesce(cancelled_at, ?) WHERE id = ?",
            arguments: [now.storeSeconds, id]
        )
        return try Self.changeStatus(
            db,
            batchID: id,
            from: [.queued, .scheduled],
            to: .cancelled,
            reasonCode: reasonCode,
            at: now
        )
    }

    /// See ``Store``.
    public func expireUnconfirmed(batchID: Int64, submittedBefore cutoff: Date, at now: Date) async throws -> Int {
        try await pool.write { db in
            try Self.changeStatus(
                db,
                batchID: batchID,
                from: [.submitted],
                to: .unconfirmed,
                reasonCode: "DLR_TIMEOUT",
                at: now,
                extraCondition: "submitted_at < \(cutoff.storeSeconds)"
            )
        }
    }

    /// See ``Store``.
    @discardableResult
    public func updateStatus(
        messageID: Int64,
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date
    ) async throws -> Bool {
        try await pool.write { db in
            let terminal = MessageStatus.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }
            try db.execute(
                sql: """
                    UPDATE message SET status = ?1, reason_code = ?2,
                    submitted_at = CASE WHEN ?1 = 'SUBMITTED' THEN coalesce(submitted_at, ?3) ELSE submitted_at END,
                    done_at = CASE WHEN ?4 THEN ?3 ELSE done_at END
                    WHERE id = ?5 AND status != ?1 AND status NOT IN (\(terminal.joined(separator: ",")))
                    """,
                arguments: [status.rawValue, reasonCode, now.storeSeconds, status.isTerminal, messageID]
            )
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: """
                    INSERT INTO event (message_id, batch_id, status, reason_code, at)
                    SELECT id, batch_id, ?, ?, ? FROM message WHERE id = ?
                    """,
                arguments: [status.rawValue, reasonCode, now.storeSeconds, messageID]
            )
            return true
        }
    }

    /// Moves every message of a batch in `from` to `to`, with one event each.
    static func changeStatus(
        _ db: Database,
        batchID: Int64,
        from: [MessageStatus],
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date,
        extraCondition: String = "1"
    ) throws -> Int {
        let sources = from.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let condition = "batch_id = ? AND status IN (\(sources)) AND \(extraCondition)"
        try db.execute(
            sql: """
                INSERT INTO event (message_id, batch_id, status, reason_code, at)
                SELECT id, batch_id, ?, ?, ? FROM message WHERE \(condition) ORDER BY id
                """,
            arguments: [status.rawValue, reasonCode, now.storeSeconds, batchID]
        )
        try db.execute(
            sql: """
                UPDATE message SET status = ?, reason_code = ?, done_at = CASE WHEN ? THEN ? ELSE done_at END
                WHERE \(condition)
                """,
            arguments: [status.rawValue, reasonCode, status.isTerminal, now.storeSeconds, batchID]
        )
        return db.changesCount
    }

    /// See ``Store``.
    public func lastEventSequence(batchID: Int64) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(
                db,
                sql: "SELECT coalesce(max(seq), 0) FROM event WHERE batch_id = ?",
                arguments: [batchID]
            ) ?? 0
        }
    }

    /// See ``Store``.
    public func events(batchID: Int64, in range: ClosedRange<Int64>) async throws -> [StatusEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT event.seq, event.message_id, event.status, event.reason_code, event.at,
                    message.correlation_id, message.destination, message.line
                    FROM event JOIN message ON message.id = event.message_id
                    WHERE event.batch_id = ? AND event.seq BETWEEN ? AND ? ORDER BY event.seq
                    """,
                arguments: [batchID, range.lowerBound, range.upperBound]
            ).map(StatusEvent.init(row:))
        }
    }

    /// See ``Store``.
    public func forEachMessage(batchID: Int64, _ body: @Sendable (MessageRecord) throws -> Void) async throws {
        try await pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT * FROM message WHERE batch_id = ? ORDER BY id",
                arguments: [batchID]
            )
            while let row = try rows.next() {
                try body(MessageRecord(row: row))
            }
        }
    }
}

extension StatusEvent {
    /// An event joined with what a DLR line shows of its message (`seq`, `message_id`, `status`, `reason_code`,
    /// `at`, `correlation_id`, `destination`, `line`).
    package init(row: some StoreRow) {
        self.sequence = row["seq"]
        self.messageID = row["message_id"]
        self.correlationID = row["correlation_id"]
        self.destination = row["destination"]
        self.line = row["line"]
        self.status = MessageStatus(rawValue: row["status"]) ?? .internalError
        self.reasonCode = row["reason_code"]
        self.at = Date(storeSeconds: row["at"])
    }
}

extension MessageRecord {
    package init(row: some StoreRow) {
        self.id = row["id"]
        self.batchID = row["batch_id"]
        self.line = row["line"]
        self.destination = row["destination"]
        self.correlationID = row["correlation_id"]
        self.priority = Priority(rank: row["priority"])
        self.text = row["text"]
        self.encoding = SMSEncoding(rawValue: row["encoding"]) ?? .gsm7
        self.segments = row["segments"]
        self.status = MessageStatus(rawValue: row["status"]) ?? .internalError
        self.reasonCode = row["reason_code"]
        self.submittedAt = (row["submitted_at"] as Double?).map(Date.init(storeSeconds:))
        self.doneAt = (row["done_at"] as Double?).map(Date.init(storeSeconds:))
        self.clientCode = row["client_code"]
        self.tag = row["tag"]
    }
}

/// A batch's figures for its summary: segments and the span of its sending.
public struct BatchTotals: Sendable, Equatable {
    public var segments: Int
    public var firstSubmittedAt: Date?
    public var lastSubmittedAt: Date?
    public var lastDoneAt: Date?

    package init(segments: Int, firstSubmittedAt: Date? = nil, lastSubmittedAt: Date? = nil, lastDoneAt: Date? = nil) {
        self.segments = segments
        self.firstSubmittedAt = firstSubmittedAt
        self.lastSubmittedAt = lastSubmittedAt
        self.lastDoneAt = lastDoneAt
    }

    /// The totals query's row (`segments`, `first_submit`, `last_submit`, `last_done`).
    package init(row: some StoreRow) {
        self.init(
            segments: row["segments"],
            firstSubmittedAt: (row["first_submit"] as Double?).map(Date.init(storeSeconds:)),
            lastSubmittedAt: (row["last_submit"] as Double?).map(Date.init(storeSeconds:)),
            lastDoneAt: (row["last_done"] as Double?).map(Date.init(storeSeconds:))
        )
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func batchTotals(_ batchID: Int64) async throws -> BatchTotals {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT coalesce(sum(segments), 0) AS segments, min(submitted_at) AS first_submit,
                    max(submitted_at) AS last_submit, max(done_at) AS last_done FROM message WHERE batch_id = ?
                    """,
                arguments: [batchID]
            )
            return row.map(BatchTotals.init(row:)) ?? BatchTotals(segments: 0)
        }
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func queueDepth(drop: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM message WHERE status IN ('QUEUED', 'SCHEDULED') AND batch_id IN
                    (SELECT id FROM batch WHERE drop_name = ? AND finished_at IS NULL)
                    """,
                arguments: [drop]
            ) ?? 0
        }
    }
}
