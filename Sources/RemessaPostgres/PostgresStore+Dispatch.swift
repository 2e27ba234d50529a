import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

extension PostgresStore {
    /// See ``Store``.
    public func dispatchBatches(route: String) async throws -> [DispatchBatch] {
        try await self.rows(
            """
            SELECT id, drop_name, route, created_at, sender, send_at, send_until FROM batch
            WHERE route = \(route) AND finished_at IS NULL AND cancelled_at IS NULL ORDER BY id
            """
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

    /// See ``Store``. A plain read through the pending-messages index: it locks nothing. One node at a time sends
    /// a route (its lease), and whatever a report, a cancel or an expiry changes meanwhile is settled when the
    /// dispatcher records what it did (``recordDispatch(_:at:)`` never overwrites a final status).
    public func queuedMessages(batchID: Int64, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        try await self.rows(
            """
            SELECT id, batch_id, destination, correlation_id, priority, text, encoding, segments, attempts,
            next_attempt_at FROM message
            WHERE batch_id = \(batchID) AND status IN ('QUEUED', 'SCHEDULED') AND id > \(afterID) ORDER BY id
            LIMIT \(limit)
            """
        ).map(QueuedMessage.init(row:))
    }

    /// See ``Store``.
    public func submittedMessages(route: String, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        try await self.rows(
            """
            SELECT message.id, message.batch_id, message.destination, message.correlation_id,
            message.priority, message.text, message.encoding, message.segments, message.attempts,
            message.next_attempt_at FROM message JOIN batch ON batch.id = message.batch_id
            WHERE batch.route = \(route) AND batch.finished_at IS NULL AND message.status = 'SUBMITTED'
            AND message.id > \(afterID) ORDER BY message.id LIMIT \(limit)
            """
        ).map(QueuedMessage.init(row:))
    }

    /// See ``Store``. In one transaction of four statements whatever the group's size: the batches' event locks,
    /// the rows locked and read, and one statement that writes the changed rows and their events.
    public func recordDispatch(_ records: [DispatchRecord], at now: Date) async throws {
        guard !records.isEmpty else { return }
        try await self.transaction { connection in
            try await self.recordDispatch(records, at: now, on: connection)
        }
    }

    /// ``recordDispatch(_:at:)`` in the transaction `connection` is in (a fenced write of the route's holder).
    func recordDispatch(_ records: [DispatchRecord], at now: Date, on connection: PostgresConnection) async throws {
        let ids = Array(Set(records.map(\.messageID))).sorted()
        try await self.lockEvents(ofMessages: ids, on: connection)
        let original = try await self.lockedMessageStates(ids, on: connection)
        var states = original
        var events: [MessageRowState.Event] = []
        let at = now.storeSeconds
        for record in records {
            guard var state = states[record.messageID] else { continue }
            if let event = state.apply(record, at: at) { events.append(event) }
            states[record.messageID] = state
        }
        let changed = ids.compactMap { id in states[id].flatMap { $0 == original[id] ? nil : $0 } }
        try await self.write(changed, events: events, on: connection)
    }

    /// See ``Store``.
    public func expireQueued(batchID: Int64, reason: BatchExpiry, sparing: [Int64], at now: Date) async throws -> Int {
        try await self.transaction { connection in
            try await self.lockEvents(ofBatches: [batchID], on: connection)
            return try await self.changeStatus(
                batchID: batchID,
                from: [.queued, .scheduled],
                to: .expired,
                reasonCode: reason.rawValue,
                at: now,
                sparing: sparing,
                on: connection
            )
        }
    }

    /// See ``Store``.
    public func scheduledLater(than now: Date) async throws -> [Int64: Int] {
        let rows = try await self.rows(
            """
            SELECT batch_id, count(*) AS n FROM message
            WHERE status = 'SCHEDULED' AND next_attempt_at > \(now.storeSeconds) GROUP BY batch_id
            """
        )
        var counts: [Int64: Int] = [:]
        for row in rows { counts[row["batch_id"]] = row["n"] }
        return counts
    }
}
