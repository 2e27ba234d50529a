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

extension PurgeableBatch {
    package init(row: some StoreRow) {
        self.id = row["id"]
        self.drop = row["drop_name"]
        self.fileName = row["name"]
        self.messages = row["messages"]
        self.finishedAt = Date(storeSeconds: row["finished_at"])
    }
}

/// What erasing one batch's messages did, and what it cost the writer.
public struct MessagePurge: Sendable, Equatable {
    public var messages: Int = 0
    public var transactions: Int = 0
    /// The longest single write transaction: how long dispatch could have waited on the purge at most.
    public var longestTransaction: Duration = .zero

    public init() {}
}

extension SQLiteStore {
    /// Messages erased per transaction: a few milliseconds of the writer each in a release build
    /// (`bench/run purge`), so dispatch never waits long behind a purge.
    public static let purgeChunk = 2048

    /// See ``Store``.
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
            ).map(PurgeableBatch.init(row:))
        }
    }

    /// See ``Store``.
    public func purgeMessages(of batchID: Int64, chunk: Int, at now: Date) async throws -> MessagePurge {
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

    /// `PRAGMA wal_checkpoint(TRUNCATE)`; false when readers kept the WAL from being emptied.
    @discardableResult
    public func checkpointAfterPurge() async throws -> Bool {
        try await pool.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (row?[0] as Int?) == 0
        }
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func purgeReplies(drop: String?, receivedBefore cutoff: Date, dryRun: Bool) async throws -> Int {
        let owner =
            drop == nil
            ? "drop_name IS NULL"
            : """
            drop_name = ? AND seq <= coalesce((SELECT max(last_seq) FROM drop_publication
                WHERE drop_name = ? AND kind = 'replies' AND published_at IS NOT NULL), 0)
            """
        let condition = "received_at < ? AND (sender != '' OR text != '') AND " + owner
        let arguments: StatementArguments = drop.map { [cutoff.storeSeconds, $0, $0] } ?? [cutoff.storeSeconds]
        if dryRun {
            return try await pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM reply WHERE " + condition, arguments: arguments) ?? 0
            }
        }
        var erased = 0
        while true {
            let changed = try await pool.write { db -> Int in
                try db.execute(
                    sql: """
                        UPDATE reply SET sender = '', text = '' WHERE seq IN (
                            SELECT seq FROM reply WHERE \(condition) ORDER BY seq LIMIT \(Self.purgeChunk))
                        """,
                    arguments: arguments
                )
                return db.changesCount
            }
            erased += changed
            if changed < Self.purgeChunk { return erased }
        }
    }
}
