import Foundation
import GRDB
import RemessaCore

/// One drop as `remessa status` shows it: its files of the day and the messages still in play.
public struct DropActivity: Sendable, Equatable {
    public var drop: String
    /// Files claimed whose last step is not done yet (any day).
    public var filesInProgress: Int
    /// Files accepted or rejected (ingested) since the given instant.
    public var filesAccepted: Int
    public var filesRejected: Int
    /// The newest file the daemon claimed (or tried to) for this drop.
    public var lastFile: FileRecord?
    /// Messages per status of the drop's batches that are unfinished or were created since the given instant.
    public var statusCounts: [MessageStatus: Int]

    /// A drop with nothing yet, unless told otherwise.
    public init(
        drop: String,
        filesInProgress: Int = 0,
        filesAccepted: Int = 0,
        filesRejected: Int = 0,
        lastFile: FileRecord? = nil,
        statusCounts: [MessageStatus: Int] = [:]
    ) {
        self.drop = drop
        self.filesInProgress = filesInProgress
        self.filesAccepted = filesAccepted
        self.filesRejected = filesRejected
        self.lastFile = lastFile
        self.statusCounts = statusCounts
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func dropActivity(since: Date) async throws -> [DropActivity] {
        try await pool.read { db in
            var activity: [String: DropActivity] = [:]
            let files = try Row.fetchAll(
                db,
                sql: """
                    SELECT drop_name,
                    count(CASE WHEN stage NOT IN ('done', 'vanished') THEN 1 END) AS in_progress,
                    count(CASE WHEN outcome = 'accepted' AND ingested_at >= ?1 THEN 1 END) AS accepted,
                    count(CASE WHEN outcome = 'rejected' AND ingested_at >= ?1 THEN 1 END) AS rejected,
                    max(id) AS last_id
                    FROM file GROUP BY drop_name
                    """,
                arguments: [since.storeSeconds]
            )
            for row in files {
                let lastID: Int64 = row["last_id"]
                let lastFile = try Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [lastID])
                activity[row["drop_name"]] = DropActivity(
                    drop: row["drop_name"],
                    filesInProgress: row["in_progress"],
                    filesAccepted: row["accepted"],
                    filesRejected: row["rejected"],
                    lastFile: lastFile.map(FileRecord.init(row:)),
                    statusCounts: [:]
                )
            }
            // Per batch, so each count is a seek in the (batch_id, status) index, never a scan of every message.
            let batches = try Row.fetchAll(
                db,
                sql: "SELECT id, drop_name FROM batch WHERE finished_at IS NULL OR created_at >= ?",
                arguments: [since.storeSeconds]
            )
            for row in batches {
                let drop: String = row["drop_name"]
                for (status, count) in try Self.statusCounts(db, batchID: row["id"]) {
                    activity[drop]?.statusCounts[status, default: 0] += count
                }
            }
            return activity.values.sorted { $0.drop < $1.drop }
        }
    }

    /// See ``Store``.
    public func messagesSent(batchIDs: [Int64], since: Date) async throws -> [Int64: Int] {
        try await pool.read { db in
            var sent: [Int64: Int] = [:]
            for batchID in batchIDs {
                guard let firstSequence = try Self.firstSequence(db, batchID: batchID, since: since) else {
                    sent[batchID] = 0
                    continue
                }
                sent[batchID] =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM message WHERE id IN
                            (SELECT message_id FROM event WHERE batch_id = ?1 AND seq >= ?2)
                            AND (submitted_at >= ?3
                            OR (submitted_at IS NULL AND done_at >= ?3 AND status NOT IN ('CANCELLED', 'UNCONFIRMED')))
                            """,
                        arguments: [batchID, firstSequence, since.storeSeconds]
                    ) ?? 0
            }
            return sent
        }
    }

    /// The oldest event sequence of the batch at or after `since`, walking back from the newest; `nil` when none.
    ///
    /// A few events stamped out of order (a delivery report carrying the carrier's time) do not end the walk
    /// early: it stops after a run of older events.
    static func firstSequence(_ db: Database, batchID: Int64, since: Date) throws -> Int64? {
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT seq, at FROM event WHERE batch_id = ? ORDER BY seq DESC",
            arguments: [batchID]
        )
        var first: Int64?
        var olderRun = 0
        while let row = try cursor.next(), olderRun < 256 {
            let at: Double = row["at"]
            if at >= since.storeSeconds {
                first = row["seq"]
                olderRun = 0
            } else {
                olderRun += 1
            }
        }
        return first
    }

    /// See ``Store``.
    public func messages(batchID: Int64, statuses: [MessageStatus], limit: Int) async throws -> [MessageRecord] {
        try await pool.read { db in
            let wanted = statuses.map(\.rawValue)
            guard !wanted.isEmpty else { return [] }
            let placeholders = Array(repeating: "?", count: wanted.count).joined(separator: ",")
            var arguments: StatementArguments = [batchID]
            arguments += StatementArguments(wanted)
            arguments += [limit]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM message WHERE batch_id = ? AND status IN (\(placeholders)) ORDER BY id LIMIT ?
                    """,
                arguments: arguments
            ).map(MessageRecord.init(row:))
        }
    }
}
