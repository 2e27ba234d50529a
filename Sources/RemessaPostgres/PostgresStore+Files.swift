import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// A claimed file's recorded steps (``FileStore``), as ``SQLiteStore`` keeps them, on the `file` table.
extension PostgresStore {
    /// The first key of the advisory locks claims take (`pg_advisory_xact_lock(int, int)`, a key space apart
    /// from the migration's one-key lock): "RmCl" in ASCII.
    static let claimLockClass: Int32 = 0x52_6D_43_6C

    /// See ``Store``.
    ///
    /// Two nodes that list the same file at once both get here: the transaction takes an advisory lock on the
    /// drop, kind and name first, so the second waits for the first to commit and then finds its claim in stage
    /// `claiming` (read committed: each statement sees what committed before it began) and is refused.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind,
        at now: Date
    ) async throws -> (id: Int64, processingName: String) {
        let claimed: (id: Int64, processingName: String)? = try await self.transaction { connection in
            try await self.execute(
                """
                SELECT pg_advisory_xact_lock(\(unescaped: String(Self.claimLockClass)),
                    hashtext(\(drop) || '/' || \(kind.rawValue) || '/' || \(name)))
                """,
                on: connection
            )
            let inProgress = try await self.count(
                """
                SELECT 1 FROM file WHERE drop_name = \(drop) AND name = \(name)
                AND coalesce(kind, 'inbox') = \(kind.rawValue) AND stage = 'claiming' LIMIT 1
                """,
                on: connection
            )
            guard inProgress == 0 else { return nil }
            // The id first, so the row goes in once with the name made from it.
            let next = try await self.row("SELECT nextval(pg_get_serial_sequence('file', 'id')) AS id", on: connection)
            guard let id = next?.int64("id") else { throw PostgresStoreError("the file sequence answered no id") }
            let processing = processingName(id)
            try await self.insertFile(
                on: connection,
                id: id,
                drop: drop,
                name: name,
                processingName: processing,
                remoteSize: remoteSize,
                remoteModification: remoteModification,
                stage: .claiming,
                kind: kind,
                at: now
            )
            return (id, processing)
        }
        guard let claimed else { throw StoreError.claimInProgress(drop: drop, name: name, kind: kind) }
        return claimed
    }

    /// Inserts a `file` row as listed (with its id taken already, or a new one) and answers its id.
    @discardableResult
    func insertFile(
        on connection: PostgresConnection,
        id: Int64? = nil,
        drop: String,
        name: String,
        processingName: String,
        remoteSize: Int64,
        remoteModification: Int64,
        stage: FileStage,
        kind: FileKind,
        at now: Date
    ) async throws -> Int64 {
        let storedKind: String? = kind == .inbox ? nil : kind.rawValue
        let row = try await self.row(
            """
            INSERT INTO file (id, drop_name, name, processing_name, remote_size, remote_mtime, stage, claimed_at, kind)
            VALUES (coalesce(\(id), nextval(pg_get_serial_sequence('file', 'id'))), \(drop), \(name),
                \(processingName), \(remoteSize), \(remoteModification), \(stage.rawValue), \(now.storeSeconds),
                \(storedKind))
            RETURNING id
            """,
            on: connection
        )
        guard let inserted = row?.int64("id") else { throw PostgresStoreError("the file row was not inserted") }
        return inserted
    }

    /// See ``Store``.
    public func setStage(_ stage: FileStage, of fileID: Int64, at now: Date) async throws {
        let ends = stage == .done || stage == .vanished
        try await self.execute(
            """
            UPDATE file SET stage = \(stage.rawValue),
                done_at = CASE WHEN \(ends) THEN \(now.storeSeconds) ELSE done_at END
            WHERE id = \(fileID)
            """
        )
    }

    /// See ``Store``.
    public func recordDownload(of fileID: Int64, size: Int64, sha256: String) async throws {
        try await self.execute(
            "UPDATE file SET stage = 'downloaded', size = \(size), sha256 = \(sha256) WHERE id = \(fileID)"
        )
    }

    /// See ``Store``.
    public func recordMoveIntent(of fileID: Int64, to movedTo: String) async throws {
        try await self.execute("UPDATE file SET stage = 'moving', moved_to = \(movedTo) WHERE id = \(fileID)")
    }

    /// See ``Store``.
    public func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String,
        at now: Date
    ) async throws {
        try await self.transaction { connection in
            try await self.execute(
                """
                UPDATE file SET stage = 'ingested', outcome = 'rejected', layout = \(summary.layout),
                    encoding = \(summary.encoding), rows = \(summary.rows), accepted = 0, rejected = \(summary.rows),
                    segments = 0, error_code = \(errorCode), error_message = \(errorMessage),
                    ingested_at = \(now.storeSeconds)
                WHERE id = \(fileID)
                """,
                on: connection
            )
            try await self.recordFileNotice(on: connection, fileID: fileID, event: .fileRejected, at: now)
        }
    }

    /// See ``Store``.
    public func file(_ id: Int64) async throws -> FileRecord? {
        try await self.row("SELECT * FROM file WHERE id = \(id)").map(FileRecord.init(row:))
    }

    /// See ``Store``.
    public func unfinishedFiles(drop: String) async throws -> [FileRecord] {
        try await self.rows(
            "SELECT * FROM file WHERE drop_name = \(drop) AND stage NOT IN ('done', 'vanished') ORDER BY id"
        ).map(FileRecord.init(row:))
    }

    /// See ``Store``.
    public func acceptedFile(
        drop: String,
        sha256: String,
        since: Date,
        excluding fileID: Int64
    ) async throws -> FileRecord? {
        try await self.row(
            """
            SELECT * FROM file WHERE drop_name = \(drop) AND sha256 = \(sha256) AND outcome = 'accepted'
            AND ingested_at >= \(since.storeSeconds) AND id != \(fileID) AND kind IS NULL ORDER BY id LIMIT 1
            """
        ).map(FileRecord.init(row:))
    }

    /// See ``Store``.
    public func recentFiles(drop: String?, limit: Int) async throws -> [FileRecord] {
        let records: [PostgresStoreRow]
        if let drop {
            records = try await self.rows(
                "SELECT * FROM file WHERE drop_name = \(drop) ORDER BY id DESC LIMIT \(Int64(limit))"
            )
        } else {
            records = try await self.rows("SELECT * FROM file ORDER BY id DESC LIMIT \(Int64(limit))")
        }
        return records.map(FileRecord.init(row:))
    }
}
