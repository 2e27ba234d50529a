import Foundation
import PostgresNIO
import RemessaStore

/// Retention (contract §12) on PostgreSQL, as ``SQLiteStore``'s: a batch's personal data erased in short
/// transactions of ``SQLiteStore/purgeChunk`` messages, so the dispatch of any node never waits long on a purge.
///
/// PostgreSQL has no `secure_delete`: an `UPDATE` leaves the old row version behind, dead, until a `VACUUM`
/// removes it. ``checkpointAfterPurge()`` runs that `VACUUM` on the tables a purge erased from, so the old
/// values are no longer kept in them. The server's own write-ahead log (and its archive and backups, if any) is
/// the database administrator's: it is recycled at the server's checkpoints, which no client can force without
/// superuser rights.
extension PostgresStore {
    /// See ``Store``.
    public func purgeableBatches(drop: String, finishedBefore cutoff: Date) async throws -> [PurgeableBatch] {
        try await self.rows(
            """
            SELECT batch.id, batch.drop_name, batch.messages, batch.finished_at, file.name
            FROM batch JOIN file ON file.id = batch.file_id
            WHERE batch.drop_name = \(drop) AND batch.finished_at < \(cutoff.storeSeconds) AND batch.purged_at IS NULL
            ORDER BY batch.id
            """
        ).map(PurgeableBatch.init(row:))
    }

    /// See ``Store``.
    public func purgeMessages(of batchID: Int64, chunk: Int, at now: Date) async throws -> MessagePurge {
        var result = MessagePurge()
        let bounds = try await self.row(
            "SELECT min(id) AS first, max(id) AS last FROM message WHERE batch_id = \(batchID)"
        )
        let clock = ContinuousClock()
        if let bounds, let first = bounds["first"] as Int64?, let last = bounds["last"] as Int64? {
            var start = first
            while start <= last {
                let end = min(last, start + Int64(chunk) - 1)
                let started = clock.now
                // The id range picks the rows (a batch's ids are one block); a row another node erased meanwhile
                // is no longer counted, the condition being checked again on the row's newest version.
                let erased =
                    try await self.row(
                        """
                        WITH erased AS (
                            UPDATE message SET destination = '', text = '', correlation_id = NULL, client_code = NULL,
                            tag = NULL, last_error = NULL
                            WHERE id BETWEEN \(start) AND \(end) AND batch_id = \(batchID)
                            AND (destination <> '' OR text <> '')
                            RETURNING 1
                        )
                        SELECT count(*) AS n FROM erased
                        """
                    )?["n"] ?? 0
                result.longestTransaction = max(result.longestTransaction, started.duration(to: clock.now))
                result.transactions += 1
                result.messages += erased
                start = end + 1
            }
        }
        try await self.execute(
            "UPDATE batch SET purged_at = \(now.storeSeconds) WHERE id = \(batchID) AND purged_at IS NULL"
        )
        return result
    }

    /// `VACUUM` of the tables a purge erases from (see above); true once it ran. A node already vacuuming them
    /// makes this one wait (up to the session's `lock_timeout`, then it throws and the next purge tries again).
    @discardableResult
    public func checkpointAfterPurge() async throws -> Bool {
        try await self.execute("VACUUM message, reply")
        return true
    }

    /// See ``Store``.
    public func purgeReplies(drop: String?, receivedBefore cutoff: Date, dryRun: Bool) async throws -> Int {
        // `drop`'s replies once a published replies file carries them, or (`drop` nil) the unattributed ones.
        if dryRun {
            return try await self.row(
                """
                SELECT count(*) AS n FROM reply
                WHERE received_at < \(cutoff.storeSeconds) AND (sender <> '' OR text <> '')
                AND (\(drop)::text IS NULL AND drop_name IS NULL OR drop_name = \(drop) AND seq <= coalesce(
                    (SELECT max(last_seq) FROM drop_publication
                    WHERE drop_name = \(drop) AND kind = 'replies' AND published_at IS NOT NULL), 0))
                """
            )?["n"] ?? 0
        }
        var erased = 0
        while true {
            let changed: Int =
                try await self.row(
                    """
                    WITH erased AS (
                        UPDATE reply SET sender = '', text = '' WHERE (sender <> '' OR text <> '') AND seq IN (
                            SELECT seq FROM reply
                            WHERE received_at < \(cutoff.storeSeconds) AND (sender <> '' OR text <> '')
                            AND (\(drop)::text IS NULL AND drop_name IS NULL OR drop_name = \(drop) AND seq <= coalesce(
                                (SELECT max(last_seq) FROM drop_publication
                                WHERE drop_name = \(drop) AND kind = 'replies' AND published_at IS NOT NULL), 0))
                            ORDER BY seq LIMIT \(SQLiteStore.purgeChunk))
                        RETURNING 1
                    )
                    SELECT count(*) AS n FROM erased
                    """
                )?["n"] ?? 0
            erased += changed
            if changed < SQLiteStore.purgeChunk { return erased }
        }
    }
}
