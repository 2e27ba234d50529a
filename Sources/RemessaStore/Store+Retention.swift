import Foundation
import GRDB

/// A finished batch whose personal data is due to be erased.
public struct PurgeableBatch: Sendable, Equatable {
    public var id: Int64
    public var drop: String
    public var fileName: String
    public var messages: Int
    public var finishedAt: Date
}

/// What erasing one batch's messages did, and what it cost the writer.
public struct MessagePurge: Sendable, Equatable {
    public var messages: Int = 0
    public var transactions: Int = 0
    /// The longest single write transaction: how long dispatch could have waited on the purge at most.
    public var longestTransaction: Duration = .zero

    public init() {}
}

extension Store {
    /// Messages erased per transaction: a few milliseconds of the writer each in a release build
    /// (`bench/run purge`), so dispatch never waits long behind a purge.
    public static let purgeChunk = 2048

    /// Batches of `drop` whose final file went out before `cutoff` and whose messages still hold personal data.
    public func purgeableBatches(drop: String, finishedBefore cutoff: Date) async throws -> [PurgeableBatch] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT batch.id, batch.drop_name, batch.messages, batch.finished_at, file.name
                    FROM batch JOIN file ON file.id = batch.file_id
                    WHERE batch.drop_name = ? AND batch.finished_at < ? AND batch.purged_at IS NULL
                    ORDER BY batch.id
                    """,
                arguments: [drop, cutoff.storeSeconds]
            ).map { row in
                PurgeableBatch(
                    id: row["id"],
                    drop: row["drop_name"],
                    fileName: row["name"],
                    messages: row["messages"],
                    finishedAt: Date(storeSeconds: row["finished_at"])
                )
            }
        }
    }

    /// Erases a finished batch's destinations, texts, correlation ids, client codes, tags and last errors, in
    /// transactions of ``purgeChunk`` messages, then marks it purged. Statuses, reasons, segments, times and the
    /// events stay, so the batch's counts and summary do not change. With `secure_delete` on, the old values are
    /// overwritten in the database file; ``checkpointAfterPurge()`` then clears them from the WAL.
    ///
    /// Safe to repeat: a purge cut short is finished by the next one.
    public func purgeMessages(
        of batchID: Int64,
        chunk: Int = purgeChunk,
        at now: Date = Date()
    ) async throws
        -> MessagePurge
    {
        var result = MessagePurge()
        let range = try await pool.read { db -> ClosedRange<Int64>? in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT min(id) AS first, max(id) AS last FROM message WHERE batch_id = ?",
                arguments: [batchID]
            )
            guard let first = row?["first"] as Int64?, let last = row?["last"] as Int64? else { return nil }
            return first...last
        }
        let clock = ContinuousClock()
        if let range {
            let last = range.upperBound
            var start = range.lowerBound
            while start <= last {
                let window = start...min(last, start + Int64(chunk) - 1)
                let started = clock.now
                // `+batch_id`: the rowid range picks the rows; the batch index would walk the whole batch for each
                // chunk.
                let erased = try await pool.write { db -> Int in
                    try db.execute(
                        sql: """
                            UPDATE message SET destination = '', text = '', correlation_id = NULL, client_code = NULL,
                            tag = NULL, last_error = NULL
                            WHERE id BETWEEN ? AND ? AND +batch_id = ? AND (destination != '' OR text != '')
                            """,
                        arguments: [window.lowerBound, window.upperBound, batchID]
                    )
                    return db.changesCount
                }
                result.longestTransaction = max(result.longestTransaction, started.duration(to: clock.now))
                result.transactions += 1
                result.messages += erased
                start = window.upperBound + 1
            }
        }
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE batch SET purged_at = ? WHERE id = ? AND purged_at IS NULL",
                arguments: [now.storeSeconds, batchID]
            )
        }
        return result
    }

    /// Copies the WAL into the database and truncates it, so the values a purge overwrote are gone from the WAL
    /// too. Returns false when readers kept the WAL from being emptied (the next purge tries again).
    @discardableResult
    public func checkpointAfterPurge() async throws -> Bool {
        try await pool.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (row?[0] as Int?) == 0
        }
    }
}
