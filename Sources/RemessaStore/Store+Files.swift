import Foundation
import GRDB
import RemessaCore

extension Store {
    /// Records the intent to claim `name` (from the inbox, or `optout/` for `kind` `optout`) by renaming it into
    /// `processing/` under `processingName(id)`, a name made from the new row's id; call before the rename. Answers
    /// the id and that name.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind = .inbox,
        at now: Date = Date()
    ) async throws -> (id: Int64, processingName: String) {
        try await pool.write { db in
            let id = try Self.insertFile(
                db,
                drop: drop,
                name: name,
                processingName: "",
                remoteSize: remoteSize,
                remoteModification: remoteModification,
                stage: .claiming,
                kind: kind,
                at: now
            )
            let processing = processingName(id)
            try db.execute(sql: "UPDATE file SET processing_name = ? WHERE id = ?", arguments: [processing, id])
            return (id, processing)
        }
    }

    /// ``recordClaimIntent(drop:name:processingName:remoteSize:remoteModification:kind:at:)`` with a name chosen
    /// beforehand, for fixtures that do not rename anything.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind = .inbox,
        at now: Date = Date()
    ) async throws -> Int64 {
        try await recordClaimIntent(
            drop: drop,
            name: name,
            processingName: { _ in processingName },
            remoteSize: remoteSize,
            remoteModification: remoteModification,
            kind: kind,
            at: now
        ).id
    }

    /// Inserts a `file` row as listed and answers its id.
    static func insertFile(
        _ db: Database,
        drop: String,
        name: String,
        processingName: String,
        remoteSize: Int64,
        remoteModification: Int64,
        stage: FileStage,
        kind: FileKind = .inbox,
        at now: Date
    ) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO file (drop_name, name, processing_name, remote_size, remote_mtime, stage, claimed_at, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                drop, name, processingName, remoteSize, remoteModification, stage.rawValue, now.storeSeconds,
                kind.stored,
            ]
        )
        return db.lastInsertedRowID
    }

    /// Moves a file to `stage`; the common transitions without more data.
    public func setStage(_ stage: FileStage, of fileID: Int64, at now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE file SET stage = ?, done_at = CASE WHEN ? IN ('done', 'vanished') THEN ? ELSE done_at END
                    WHERE id = ?
                    """,
                arguments: [stage.rawValue, stage.rawValue, now.storeSeconds, fileID]
            )
        }
    }

    /// Records the spooled copy's size and hash (stage `downloaded`).
    public func recordDownload(of fileID: Int64, size: Int64, sha256: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE file SET stage = 'downloaded', size = ?, sha256 = ? WHERE id = ?",
                arguments: [size, sha256, fileID]
            )
        }
    }

    /// Records where the original is about to be moved (stage `moving`); call before the rename.
    public func recordMoveIntent(of fileID: Int64, to movedTo: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE file SET stage = 'moving', moved_to = ? WHERE id = ?",
                arguments: [movedTo, fileID]
            )
        }
    }

    /// Records a whole-file rejection, with the spooled error file written (stage `ingested`).
    public func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String,
        at now: Date = Date()
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE file SET stage = 'ingested', outcome = 'rejected', layout = ?, encoding = ?, rows = ?,
                    accepted = 0, rejected = ?, segments = 0, error_code = ?, error_message = ?, ingested_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    summary.layout, summary.encoding, summary.rows, summary.rows, errorCode, errorMessage,
                    now.storeSeconds, fileID,
                ]
            )
            try self.recordFileNotice(db, fileID: fileID, event: .fileRejected, at: now)
        }
    }

    /// One file by id.
    public func file(_ id: Int64) async throws -> FileRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id]).map(FileRecord.init(row:))
        }
    }

    /// The drop's files that still need a step, oldest first: what a restart resumes.
    public func unfinishedFiles(drop: String) async throws -> [FileRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM file WHERE drop_name = ? AND stage NOT IN ('done', 'vanished') ORDER BY id",
                arguments: [drop]
            ).map(FileRecord.init(row:))
        }
    }

    /// A file of `drop` with this content that was accepted at or after `since`, if any.
    public func acceptedFile(
        drop: String,
        sha256: String,
        since: Date,
        excluding fileID: Int64
    ) async throws
        -> FileRecord?
    {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM file WHERE drop_name = ? AND sha256 = ? AND outcome = 'accepted'
                    AND ingested_at >= ? AND id != ? AND kind IS NULL ORDER BY id LIMIT 1
                    """,
                arguments: [drop, sha256, since.storeSeconds, fileID]
            ).map(FileRecord.init(row:))
        }
    }

    /// The most recent files, newest first, optionally of one drop.
    public func recentFiles(drop: String? = nil, limit: Int = 50) async throws -> [FileRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM file WHERE (?1 IS NULL OR drop_name = ?1) ORDER BY id DESC LIMIT ?2",
                arguments: [drop, limit]
            ).map(FileRecord.init(row:))
        }
    }
}
