import Foundation
import GRDB
import RemessaCore

extension SQLiteStore {
    /// See ``Store``.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind,
        at now: Date
    ) async throws -> (id: Int64, processingName: String) {
        try await pool.write { db in
            let inProgress = try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM file WHERE drop_name = ? AND name = ? AND coalesce(kind, 'inbox') = ?
                    AND stage = 'claiming')
                    """,
                arguments: [drop, name, kind.rawValue]
            )
            if inProgress == true { throw StoreError.claimInProgress(drop: drop, name: name, kind: kind) }
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

    /// See ``Store``.
    public func setStage(_ stage: FileStage, of fileID: Int64, at now: Date) async throws {
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

    /// See ``Store``.
    public func recordDownload(of fileID: Int64, size: Int64, sha256: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE file SET stage = 'downloaded', size = ?, sha256 = ? WHERE id = ?",
                arguments: [size, sha256, fileID]
            )
        }
    }

    /// See ``Store``.
    public func recordMoveIntent(of fileID: Int64, to movedTo: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE file SET stage = 'moving', moved_to = ? WHERE id = ?",
                arguments: [movedTo, fileID]
            )
        }
    }

    /// See ``Store``.
    public func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String,
        at now: Date
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

    /// See ``Store``.
    public func file(_ id: Int64) async throws -> FileRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id]).map(FileRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func unfinishedFiles(drop: String) async throws -> [FileRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM file WHERE drop_name = ? AND stage NOT IN ('done', 'vanished') ORDER BY id",
                arguments: [drop]
            ).map(FileRecord.init(row:))
        }
    }

    /// See ``Store``.
    public func acceptedFile(
        drop: String,
        sha256: String,
        since: Date,
        excluding fileID: Int64
    ) async throws -> FileRecord? {
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

    /// See ``Store``.
    public func recentFiles(drop: String?, limit: Int) async throws -> [FileRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM file WHERE (?1 IS NULL OR drop_name = ?1) ORDER BY id DESC LIMIT ?2",
                arguments: [drop, limit]
            ).map(FileRecord.init(row:))
        }
    }
}
