import Foundation
import GRDB
import RemessaCore

/// Saved bases and campaign files (contract §10). A base's check is a `file` row of kind `base`, taken through
/// the same recorded steps as an inbox file (without the claim: the file stays in `bases/`), so a crash resumes
/// it the same way; `saved_base` keeps each name's verdict.
extension SQLiteStore {
    /// See ``Store``.
    public func recordBaseCheck(
        drop: String,
        name: String,
        remoteSize: Int64,
        remoteModification: Int64,
        at now: Date
    ) async throws -> Int64 {
        try await pool.write { db in
            try Self.insertFile(
                db,
                drop: drop,
                name: name,
                processingName: name,
                remoteSize: remoteSize,
                remoteModification: remoteModification,
                stage: .claimed,
                kind: .base,
                at: now
            )
        }
    }

    /// See ``Store``.
    public func latestBaseCheck(drop: String, name: String) async throws -> FileRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM file WHERE drop_name = ? AND name = ? AND kind = 'base' ORDER BY id DESC LIMIT 1",
                arguments: [drop, name]
            ).map(FileRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func recordBaseVerdict(
        _ base: SavedBase,
        summary: IngestSummary,
        rejection: (code: String, message: String)?
    ) async throws {
        let reasons = String(decoding: try JSONEncoder().encode(base.reasons), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE file SET stage = 'ingested', outcome = ?, layout = ?, encoding = ?, rows = ?, accepted = ?,
                    rejected = ?, segments = 0, error_code = ?, error_message = ?, ingested_at = ? WHERE id = ?
                    """,
                arguments: [
                    rejection == nil ? "accepted" : "rejected", summary.layout, summary.encoding, summary.rows,
                    summary.accepted, summary.rejected, rejection?.code, rejection?.message,
                    base.savedAt.storeSeconds, base.fileID,
                ]
            )
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO saved_base (drop_name, name, file_id, state, sha256, size, mtime, layout,
                        rows, valid_rows, rejected_rows, reasons, first_saved_at, saved_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    base.drop, base.name, base.fileID, base.state.rawValue, base.sha256, base.size,
                    base.modification, base.layout, base.rows, base.validRows, base.rejectedRows, reasons,
                    base.firstSavedAt?.storeSeconds, base.savedAt.storeSeconds, base.expiresAt?.storeSeconds,
                ]
            )
            // A base rejected as a whole is a rejected file to its client, like an inbox file.
            let event: NoticeEvent = rejection == nil ? .baseSaved : .fileRejected
            try self.recordFileNotice(db, fileID: base.fileID, event: event, at: base.savedAt)
        }
    }

    /// See ``Store``.
    public func savedBases(drop: String) async throws -> [SavedBase] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM saved_base WHERE drop_name = ? ORDER BY name", arguments: [drop])
                .map(SavedBase.init(row:))
        }
    }

    /// See ``Store``.
    public func savedBase(drop: String, name: String) async throws -> SavedBase? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM saved_base WHERE drop_name = ? AND name = ?",
                arguments: [drop, name]
            ).map(SavedBase.init(row:))
        }
    }

    /// See ``Store``.
    public func markBaseExpired(drop: String, name: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE saved_base SET state = 'expired' WHERE drop_name = ? AND name = ? AND state = 'saved'",
                arguments: [drop, name]
            )
        }
    }

    /// See ``Store``.
    public func forgetBase(drop: String, name: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM saved_base WHERE drop_name = ? AND name = ?",
                arguments: [drop, name]
            )
        }
    }

    /// See ``Store``.
    public func recordCampaignKey(of fileID: Int64, _ key: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE file SET campaign_key = ? WHERE id = ?", arguments: [key, fileID])
        }
    }

    /// See ``Store``.
    public func acceptedCampaign(
        drop: String,
        key: String,
        since: Date,
        excluding fileID: Int64
    ) async throws -> FileRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM file WHERE drop_name = ? AND campaign_key = ? AND outcome = 'accepted'
                    AND ingested_at >= ? AND id != ? ORDER BY id LIMIT 1
                    """,
                arguments: [drop, key, since.storeSeconds, fileID]
            ).map(FileRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func recordValidatedOnly(of fileID: Int64, summary: IngestSummary, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE file SET stage = 'ingested', outcome = 'accepted', layout = ?, encoding = ?, rows = ?,
                    accepted = ?, rejected = ?, segments = ?, ingested_at = ? WHERE id = ?
                    """,
                arguments: [
                    summary.layout, summary.encoding, summary.rows, summary.accepted, summary.rejected,
                    summary.segments, now.storeSeconds, fileID,
                ]
            )
        }
    }
}
