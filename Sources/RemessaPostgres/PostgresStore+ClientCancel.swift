import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

extension PostgresStore {
    /// See ``Store``. The batch is chosen, then its event lock taken, then chosen again under the lock (a cancel
    /// or a final file of another node may have come in between), so the marker and the batch it cancels commit
    /// together, and a batch is cancelled by one marker only.
    public func cancelForClient(
        markerFileID fileID: Int64,
        drop: String,
        input: String,
        at now: Date
    ) async throws -> ClientCancellation? {
        try await self.transaction { connection in
            var candidate = try await self.batchToCancel(drop: drop, input: input, on: connection)
            while let batchID = candidate {
                try await self.lockEvents(ofBatches: [batchID], on: connection)
                // Taken under the lock: a batch cancelled or finished meanwhile is passed over.
                let latest = try await self.batchToCancel(drop: drop, input: input, on: connection)
                guard latest == batchID else {
                    candidate = latest
                    continue
                }
                let cancelled = try await self.cancel(
                    batchID: batchID,
                    reasonCode: "CANCELLED_BY_CLIENT",
                    at: now,
                    on: connection
                )
                try await self.execute(
                    """
                    UPDATE file SET stage = 'published', outcome = 'accepted', rows = 0, accepted = 0, rejected = 0,
                    segments = 0, ingested_at = \(now.storeSeconds) WHERE id = \(fileID)
                    """,
                    on: connection
                )
                return ClientCancellation(batchID: batchID, cancelled: cancelled ?? 0)
            }
            return nil
        }
    }

    /// The most recent batch of `input` in `drop` neither finished nor cancelled, as the statement sees it.
    private func batchToCancel(drop: String, input: String, on connection: PostgresConnection) async throws -> Int64? {
        let row = try await self.row(
            """
            SELECT batch.id FROM batch JOIN file ON file.id = batch.file_id
            WHERE batch.drop_name = \(drop) AND file.name = \(input) AND batch.finished_at IS NULL
            AND batch.cancelled_at IS NULL ORDER BY batch.id DESC LIMIT 1
            """,
            on: connection
        )
        return row?["id"]
    }
}
