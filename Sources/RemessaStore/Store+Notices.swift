import Foundation
import GRDB
import RemessaCore
import Synchronization

/// A notice waiting to be delivered to its drop's `notify:` URL.
public struct PendingNotice: Sendable, Equatable {
    public var id: String
    public var drop: String
    public var event: String
    /// The JSON body, fixed when the notice was recorded.
    public var body: String
    public var createdAt: Date
    public var attempts: Int
}

/// A notice as operators and tests see it.
public struct NoticeRecord: Sendable, Equatable {
    public var id: String
    public var drop: String
    public var event: String
    public var body: String
    public var attempts: Int
    public var lastError: String?
    public var deliveredAt: Date?
    public var abandonedAt: Date?
}

extension PendingNotice {
    package init(row: some StoreRow) {
        self.id = row["id"]
        self.drop = row["drop_name"]
        self.event = row["event"]
        self.body = row["body"]
        self.createdAt = Date(storeSeconds: row["created_at"])
        self.attempts = row["attempts"]
    }
}

extension NoticeRecord {
    package init(row: some StoreRow) {
        self.id = row["id"]
        self.drop = row["drop_name"]
        self.event = row["event"]
        self.body = row["body"]
        self.attempts = row["attempts"]
        self.lastError = row["last_error"]
        self.deliveredAt = (row["delivered_at"] as Double?).map(Date.init(storeSeconds:))
        self.abandonedAt = (row["abandoned_at"] as Double?).map(Date.init(storeSeconds:))
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func setNotifyingDrops(_ drops: Set<String>) {
        notifyingDrops.withLock { $0 = drops }
    }

    /// See ``Store``.
    @discardableResult
    public func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?,
        at now: Date
    ) async throws -> Bool {
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return false }
        let document = NoticeDocument(
            event,
            drop: drop,
            key: key,
            file: file,
            batch: batch,
            counts: counts,
            code: code,
            at: now
        )
        return try await pool.write { db in try Self.insertNotice(db, document, at: now) }
    }

    /// In the caller's transaction: the notice of a file's acceptance, rejection, batch's end or a base's save
    /// (its check's file row), when its drop notifies. The counts are read as the transaction sees them.
    func recordFileNotice(_ db: Database, fileID: Int64, event: NoticeEvent, at now: Date) throws {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT drop_name, name, rows, accepted, rejected, error_code FROM file WHERE id = ?",
                arguments: [fileID]
            )
        else { return }
        let drop: String = row["drop_name"]
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return }
        let statuses = event == .batchFinished ? try Self.statusCounts(db, batchID: fileID) : [:]
        let document = NoticeDocument(file: row, id: fileID, event: event, statuses: statuses, at: now)
        try Self.insertNotice(db, document, at: now)
    }

    @discardableResult
    static func insertNotice(_ db: Database, _ document: NoticeDocument, at now: Date) throws -> Bool {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                document.id, document.drop, document.event.rawValue, document.json(), now.storeSeconds,
                now.storeSeconds,
            ]
        )
        return db.changesCount == 1
    }

    /// See ``Store``.
    public func dueNotices(at now: Date, limit: Int) async throws -> [PendingNotice] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, drop_name, event, body, created_at, attempts FROM notice
                    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, created_at LIMIT ?
                    """,
                arguments: [now.storeSeconds, limit]
            ).map(PendingNotice.init(row:))
        }
    }

    /// See ``Store``.
    public func nextNoticeDue() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(
                db,
                sql: """
                    SELECT min(next_attempt_at) FROM notice WHERE delivered_at IS NULL AND abandoned_at IS NULL
                    """
            ).map(Date.init(storeSeconds:))
        }
    }

    /// See ``Store``.
    public func recordNoticeDelivered(_ id: String, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE notice SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                arguments: [now.storeSeconds, id]
            )
        }
    }

    /// See ``Store``.
    public func recordNoticeFailure(_ id: String, error: String, retryAt: Date?, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE notice SET attempts = attempts + 1, last_error = ?,
                    next_attempt_at = coalesce(?, next_attempt_at), abandoned_at = CASE WHEN ? IS NULL THEN ? END
                    WHERE id = ?
                    """,
                arguments: [error, retryAt?.storeSeconds, retryAt?.storeSeconds, now.storeSeconds, id]
            )
        }
    }

    /// See ``Store``.
    public func notices(drop: String?) async throws -> [NoticeRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM notice WHERE ?1 IS NULL OR drop_name = ?1 ORDER BY created_at, id
                    """,
                arguments: [drop]
            ).map(NoticeRecord.init(row:))
        }
    }
}
