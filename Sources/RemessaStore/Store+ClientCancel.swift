import Foundation
import GRDB

/// What a client's cancel marker did (contract §10).
public struct ClientCancellation: Sendable, Equatable {
    /// The batch cancelled.
    public var batchID: Int64
    /// Its messages that had not gone out, now `CANCELLED`.
    public var cancelled: Int

    package init(batchID: Int64, cancelled: Int) {
        self.batchID = batchID
        self.cancelled = cancelled
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func cancelForClient(
        markerFileID fileID: Int64,
        drop: String,
        input: String,
        at now: Date
    ) async throws -> ClientCancellation? {
        try await pool.write { db in
            guard
                let batchID = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT batch.id FROM batch JOIN file ON file.id = batch.file_id
                        WHERE batch.drop_name = ? AND file.name = ? AND batch.finished_at IS NULL
                        AND batch.cancelled_at IS NULL ORDER BY batch.id DESC LIMIT 1
                        """,
                    arguments: [drop, input]
                )
            else { return nil }
            let cancelled = try Self.cancel(db, batchID: batchID, reasonCode: "CANCELLED_BY_CLIENT", at: now)
            try db.execute(
                sql: """
                    UPDATE file SET stage = 'published', outcome = 'accepted', rows = 0, accepted = 0, rejected = 0,
                    segments = 0, ingested_at = ? WHERE id = ?
                    """,
                arguments: [now.storeSeconds, fileID]
            )
            return ClientCancellation(batchID: batchID, cancelled: cancelled)
        }
    }
}
