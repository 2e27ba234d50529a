import Foundation
import GRDB
import RemessaCore

extension QueuedMessage {
    package init(row: some StoreRow) {
        self.init(
            id: row["id"],
            batchID: row["batch_id"],
            destination: row["destination"],
            correlationID: row["correlation_id"],
            priority: Priority(rank: row["priority"]),
            text: row["text"],
            encoding: SMSEncoding(rawValue: row["encoding"]) ?? .gsm7,
            segments: row["segments"],
            attempts: row["attempts"],
            notBefore: (row["next_attempt_at"] as Double?).map(Date.init(storeSeconds:))
        )
    }
}

extension SQLiteStore {
    static let pendingStatuses = "('QUEUED', 'SCHEDULED')"

    /// See ``Store``.
    public func dispatchBatches(route: String) async throws -> [DispatchBatch] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, drop_name, route, created_at, sender, send_at, send_until FROM batch
                    WHERE route = ? AND finished_at IS NULL AND cancelled_at IS NULL ORDER BY id
                    """,
                arguments: [route]
            ).map { row in
                DispatchBatch(
                    id: row["id"],
                    drop: row["drop_name"],
                    route: row["route"],
                    createdAt: Date(storeSeconds: row["created_at"]),
                    sender: row["sender"],
                    sendAt: (row["send_at"] as Double?).map(Date.init(storeSeconds:)),
                    sendUntil: (row["send_until"] as Double?).map(Date.init(storeSeconds:))
                )
            }
        }
    }

    /// See ``Store``.
    public func queuedMessages(batchID: Int64, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, batch_id, destination, correlation_id, priority, text, encoding, segments, attempts,
                    next_attempt_at FROM message
                    WHERE batch_id = ? AND status IN \(Self.pendingStatuses) AND id > ? ORDER BY id LIMIT ?
                    """,
                arguments: [batchID, afterID, limit]
            ).map(QueuedMessage.init(row:))
        }
    }

    /// See ``Store``.
    public func submittedMessages(route: String, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT message.id, message.batch_id, message.destination, message.correlation_id,
                    message.priority, message.text, message.encoding, message.segments, message.attempts,
                    message.next_attempt_at FROM message JOIN batch ON batch.id = message.batch_id
                    WHERE batch.route = ? AND batch.finished_at IS NULL AND message.status = 'SUBMITTED'
                    AND message.id > ? ORDER BY message.id LIMIT ?
                    """,
                arguments: [route, afterID, limit]
            ).map(QueuedMessage.init(row:))
        }
    }

    /// See ``Store``.
    public func recordDispatch(_ records: [DispatchRecord], at now: Date) async throws {
        guard !records.isEmpty else { return }
        try await pool.write { db in
            let moved = try db.cachedStatement(
                sql: """
                    UPDATE message SET status = ?1, reason_code = ?2, last_error = coalesce(?3, last_error),
                    provider_id = coalesce(?4, provider_id), next_attempt_at = ?5,
                    attempts = attempts + ?6,
                    submitted_at = CASE WHEN ?1 = 'SUBMITTED' THEN coalesce(submitted_at, ?7) ELSE submitted_at END,
                    done_at = CASE WHEN ?8 THEN ?7 ELSE done_at END
                    WHERE id = ?9 AND status IN \(Self.pendingStatuses)
                    """
            )
            let lateSubmission = try db.cachedStatement(
                sql: """
                    UPDATE message SET provider_id = coalesce(?, provider_id), attempts = attempts + 1,
                    submitted_at = coalesce(submitted_at, ?) WHERE id = ?
                    """
            )
            let retried = try db.cachedStatement(
                sql: """
                    UPDATE message SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                    WHERE id = ? AND status IN \(Self.pendingStatuses)
                    """
            )
            let event = try db.cachedStatement(
                sql: """
                    INSERT INTO event (message_id, batch_id, status, reason_code, at)
                    SELECT id, batch_id, ?, ?, ? FROM message WHERE id = ?
                    """
            )
            let at = now.storeSeconds
            for record in records {
                switch record {
                case .submitted(let id, let providerID):
                    try moved.execute(arguments: [
                        MessageStatus.submitted.rawValue, nil, nil, providerID, nil, 1, at, false, id,
                    ])
                    if db.changesCount == 1 {
                        try event.execute(arguments: [MessageStatus.submitted.rawValue, nil, at, id])
                    } else {
                        // A delivery report overtook the submission's commit: keep its final status.
                        try lateSubmission.execute(arguments: [providerID, at, id])
                    }
                case .retry(let id, let retryAt, let error):
                    try retried.execute(arguments: [retryAt.storeSeconds, error, id])
                case .scheduled(let id, let until):
                    try db.execute(
                        sql: """
                            UPDATE message SET status = 'SCHEDULED', next_attempt_at = ? WHERE id = ? AND status = 'QUEUED'
                            """,
                        arguments: [until.storeSeconds, id]
                    )
                    if db.changesCount == 1 {
                        try event.execute(arguments: [MessageStatus.scheduled.rawValue, nil, at, id])
                    } else {
                        try db.execute(
                            sql: "UPDATE message SET next_attempt_at = ? WHERE id = ? AND status = 'SCHEDULED'",
                            arguments: [until.storeSeconds, id]
                        )
                    }
                case .finished(let id, let status, let reasonCode, let error):
                    let submittedNow = status == .submitted ? 1 : 0
                    try moved.execute(arguments: [
                        status.rawValue, reasonCode, error, nil, nil, submittedNow, at, status.isTerminal, id,
                    ])
                    if db.changesCount == 1 {
                        try event.execute(arguments: [status.rawValue, reasonCode, at, id])
                    }
                }
            }
        }
    }

    /// See ``Store``.
    public func expireQueued(batchID: Int64, reason: BatchExpiry, sparing: [Int64], at now: Date) async throws -> Int {
        try await pool.write { db in
            try Self.changeStatus(
                db,
                batchID: batchID,
                from: [.queued, .scheduled],
                to: .expired,
                reasonCode: reason.rawValue,
                at: now,
                extraCondition: sparing.isEmpty ? "1" : "id NOT IN (\(sparing.map(String.init).joined(separator: ",")))"
            )
        }
    }

    /// See ``Store``.
    public func scheduledLater(than now: Date) async throws -> [Int64: Int] {
        try await pool.read { db in
            var counts: [Int64: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT batch_id, count(*) AS n FROM message
                    WHERE status = 'SCHEDULED' AND next_attempt_at > ? GROUP BY batch_id
                    """,
                arguments: [now.storeSeconds]
            )
            for row in rows { counts[row["batch_id"]] = row["n"] }
            return counts
        }
    }
}
