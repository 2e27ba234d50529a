import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// What `remessa status`, `remessa batch` and the metrics read on PostgreSQL, as ``SQLiteStore``'s.
extension PostgresStore {
    /// See ``Store``.
    public func dropActivity(since: Date) async throws -> [DropActivity] {
        var activity: [String: DropActivity] = [:]
        let files = try await self.rows(
            """
            SELECT drop_name,
            count(CASE WHEN stage NOT IN ('done', 'vanished') THEN 1 END) AS in_progress,
            count(CASE WHEN outcome = 'accepted' AND ingested_at >= \(since.storeSeconds) THEN 1 END) AS accepted,
            count(CASE WHEN outcome = 'rejected' AND ingested_at >= \(since.storeSeconds) THEN 1 END) AS rejected,
            max(id) AS last_id
            FROM file GROUP BY drop_name
            """
        )
        let lastIDs: [Int64] = files.map { $0["last_id"] }
        var lastFiles: [Int64: FileRecord] = [:]
        for row in try await self.rows("SELECT * FROM file WHERE id = ANY(\(lastIDs)::bigint[])") {
            let file = FileRecord(row: row)
            lastFiles[file.id] = file
        }
        for row in files {
            let drop: String = row["drop_name"]
            activity[drop] = DropActivity(
                drop: drop,
                filesInProgress: row["in_progress"],
                filesAccepted: row["accepted"],
                filesRejected: row["rejected"],
                lastFile: lastFiles[row["last_id"]],
                statusCounts: [:]
            )
        }
        // Per batch and status, each batch's count a range of the (batch_id, status) index.
        let counts = try await self.rows(
            """
            SELECT batch.drop_name, message.status, count(*) AS n FROM batch
            JOIN message ON message.batch_id = batch.id
            WHERE batch.finished_at IS NULL OR batch.created_at >= \(since.storeSeconds)
            GROUP BY batch.drop_name, message.status
            """
        )
        for row in counts {
            guard let status = MessageStatus(rawValue: row["status"]) else { continue }
            let drop: String = row["drop_name"]
            activity[drop]?.statusCounts[status, default: 0] += row["n"] as Int
        }
        return activity.values.sorted { $0.drop < $1.drop }
    }

    /// See ``Store``.
    public func messagesSent(batchIDs: [Int64], since: Date) async throws -> [Int64: Int] {
        var sent: [Int64: Int] = [:]
        for batchID in batchIDs {
            guard let firstSequence = try await self.firstSequence(batchID: batchID, since: since) else {
                sent[batchID] = 0
                continue
            }
            let row = try await self.row(
                """
                SELECT count(*) AS n FROM message WHERE id IN
                (SELECT message_id FROM event WHERE batch_id = \(batchID) AND seq >= \(firstSequence))
                AND (submitted_at >= \(since.storeSeconds)
                OR (submitted_at IS NULL AND done_at >= \(since.storeSeconds)
                AND status NOT IN ('CANCELLED', 'UNCONFIRMED')))
                """
            )
            sent[batchID] = row?["n"] ?? 0
        }
        return sent
    }

    /// The oldest event sequence of the batch at or after `since`, walking back from the newest, a page at a
    /// time; `nil` when none. As ``SQLiteStore``'s walk: a few events stamped out of order (a delivery report
    /// carrying the carrier's time) do not end it early; it stops after a run of 256 older events.
    private func firstSequence(batchID: Int64, since: Date) async throws -> Int64? {
        var first: Int64?
        var olderRun = 0
        var before = Int64.max
        while olderRun < 256 {
            let page = try await self.rows(
                """
                SELECT seq, at FROM event WHERE batch_id = \(batchID) AND seq < \(before)
                ORDER BY seq DESC LIMIT 512
                """
            )
            for row in page where olderRun < 256 {
                let at: Double = row["at"]
                if at >= since.storeSeconds {
                    first = row["seq"]
                    olderRun = 0
                } else {
                    olderRun += 1
                }
            }
            guard page.count == 512, let last = page.last else { break }
            before = last["seq"]
        }
        return first
    }

    /// See ``Store``.
    public func messages(batchID: Int64, statuses: [MessageStatus], limit: Int) async throws -> [MessageRecord] {
        let wanted = statuses.map(\.rawValue)
        guard !wanted.isEmpty else { return [] }
        return try await self.rows(
            """
            SELECT * FROM message WHERE batch_id = \(batchID) AND status = ANY(\(wanted)::text[])
            ORDER BY id LIMIT \(limit)
            """
        ).map(MessageRecord.init(row:))
    }
}
