import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// Saved bases and campaign files (contract §10), as ``SQLiteStore`` keeps them: a base's check is a `file` row
/// of kind `base` taken through the same recorded steps as an inbox file (without the claim: the file stays in
/// `bases/`); `saved_base` keeps each name's verdict.
extension PostgresStore {
    /// See ``Store``.
    public func recordBaseCheck(
        drop: String,
        name: String,
        remoteSize: Int64,
        remoteModification: Int64,
        at now: Date
    ) async throws -> Int64 {
        try await self.transaction { connection in
            try await self.insertFile(
                on: connection,
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
        try await self.row(
            """
            SELECT * FROM file WHERE drop_name = \(drop) AND name = \(name) AND kind = 'base' ORDER BY id DESC LIMIT 1
            """
        ).map(FileRecord.init(row:))
    }

    /// See ``Store``.
    public func recordBaseVerdict(
        _ base: SavedBase,
        summary: IngestSummary,
        rejection: (code: String, message: String)?
    ) async throws {
        let reasons = String(decoding: try JSONEncoder().encode(base.reasons), as: UTF8.self)
        let outcome = rejection == nil ? "accepted" : "rejected"
        let code = rejection?.code
        let message = rejection?.message
        try await self.transaction { connection in
            try await self.execute(
                """
                UPDATE file SET stage = 'ingested', outcome = \(outcome), layout = \(summary.layout),
                    encoding = \(summary.encoding), rows = \(summary.rows), accepted = \(summary.accepted),
                    rejected = \(summary.rejected), segments = 0, error_code = \(code), error_message = \(message),
                    ingested_at = \(base.savedAt.storeSeconds)
                WHERE id = \(base.fileID)
                """,
                on: connection
            )
            try await self.execute(
                """
                INSERT INTO saved_base (drop_name, name, file_id, state, sha256, size, mtime, layout, rows,
                    valid_rows, rejected_rows, reasons, first_saved_at, saved_at, expires_at)
                VALUES (\(base.drop), \(base.name), \(base.fileID), \(base.state.rawValue), \(base.sha256),
                    \(base.size), \(base.modification), \(base.layout), \(base.rows), \(base.validRows),
                    \(base.rejectedRows), \(reasons), \(base.firstSavedAt?.storeSeconds), \(base.savedAt.storeSeconds),
                    \(base.expiresAt?.storeSeconds))
                ON CONFLICT (drop_name, name) DO UPDATE SET file_id = excluded.file_id, state = excluded.state,
                    sha256 = excluded.sha256, size = excluded.size, mtime = excluded.mtime, layout = excluded.layout,
                    rows = excluded.rows, valid_rows = excluded.valid_rows, rejected_rows = excluded.rejected_rows,
                    reasons = excluded.reasons, first_saved_at = excluded.first_saved_at,
                    saved_at = excluded.saved_at, expires_at = excluded.expires_at
                """,
                on: connection
            )
            // A base rejected as a whole is a rejected file to its client, like an inbox file.
            let event: NoticeEvent = rejection == nil ? .baseSaved : .fileRejected
            try await self.recordFileNotice(on: connection, fileID: base.fileID, event: event, at: base.savedAt)
        }
    }

    /// See ``Store``.
    public func savedBases(drop: String) async throws -> [SavedBase] {
        try await self.rows("SELECT * FROM saved_base WHERE drop_name = \(drop) ORDER BY name")
            .map(SavedBase.init(row:))
    }

    /// See ``Store``.
    public func savedBase(drop: String, name: String) async throws -> SavedBase? {
        try await self.row("SELECT * FROM saved_base WHERE drop_name = \(drop) AND name = \(name)")
            .map(SavedBase.init(row:))
    }

    /// See ``Store``.
    public func markBaseExpired(drop: String, name: String) async throws {
        try await self.execute(
            """
            UPDATE saved_base SET state = 'expired' WHERE drop_name = \(drop) AND name = \(name) AND state = 'saved'
            """
        )
    }

    /// See ``Store``.
    public func forgetBase(drop: String, name: String) async throws {
        try await self.execute("DELETE FROM saved_base WHERE drop_name = \(drop) AND name = \(name)")
    }

    /// See ``Store``.
    public func recordCampaignKey(of fileID: Int64, _ key: String) async throws {
        try await self.execute("UPDATE file SET campaign_key = \(key) WHERE id = \(fileID)")
    }

    /// See ``Store``.
    public func acceptedCampaign(
        drop: String,
        key: String,
        since: Date,
        excluding fileID: Int64
    ) async throws -> FileRecord? {
        try await self.row(
            """
            SELECT * FROM file WHERE drop_name = \(drop) AND campaign_key = \(key) AND outcome = 'accepted'
            AND ingested_at >= \(since.storeSeconds) AND id != \(fileID) ORDER BY id LIMIT 1
            """
        ).map(FileRecord.init(row:))
    }

    /// See ``Store``.
    public func recordValidatedOnly(of fileID: Int64, summary: IngestSummary, at now: Date) async throws {
        try await self.execute(
            """
            UPDATE file SET stage = 'ingested', outcome = 'accepted', layout = \(summary.layout),
                encoding = \(summary.encoding), rows = \(summary.rows), accepted = \(summary.accepted),
                rejected = \(summary.rejected), segments = \(summary.segments), ingested_at = \(now.storeSeconds)
            WHERE id = \(fileID)
            """
        )
    }
}
