import PostgresNIO
import RemessaCore

/// Event order and message rows read and written in bulk, for the writes that record events.
///
/// A batch's events are numbered from one sequence (`event.seq`), and the outbox publisher reads them up to the
/// highest number it sees (``PostgresStore/lastEventSequence(batchID:)``). With several nodes writing, a number
/// taken by a transaction that commits later than one taking a higher number would be skipped for good by a
/// reader between the two commits. So every transaction that records events of a batch first takes the batch's
/// event lock (a transaction-scoped advisory lock), and holds it until it commits: a batch's events commit in the
/// order of their numbers, and the highest number visible has every lower one visible with it.
extension PostgresStore {
    /// The first key of the event locks (`pg_advisory_xact_lock(int, int)`; the second is the batch id): "Revt" in
    /// ASCII.
    static let eventLockSpace: Int32 = 0x5265_7674

    /// Takes, in the transaction `connection` is in, the event lock of each of `batchIDs`, in id order (so two
    /// transactions never wait for each other in a cycle). Take them before any message row is locked.
    func lockEvents(ofBatches batchIDs: [Int64], on connection: PostgresConnection) async throws {
        guard !batchIDs.isEmpty else { return }
        try await self.execute(
            """
            SELECT count(pg_advisory_xact_lock(\(Self.eventLockSpace), (b % 2147483647)::integer)) AS n
            FROM (SELECT DISTINCT b FROM unnest(\(batchIDs)::bigint[]) AS b ORDER BY b) AS batches
            """,
            on: connection
        )
    }

    /// Takes the event locks of the batches `messageIDs` belong to (see ``lockEvents(ofBatches:on:)``).
    func lockEvents(ofMessages messageIDs: [Int64], on connection: PostgresConnection) async throws {
        guard !messageIDs.isEmpty else { return }
        try await self.execute(
            """
            SELECT count(pg_advisory_xact_lock(\(Self.eventLockSpace), (batch_id % 2147483647)::integer)) AS n
            FROM (SELECT DISTINCT batch_id FROM message WHERE id = ANY(\(messageIDs)) ORDER BY batch_id) AS batches
            """,
            on: connection
        )
    }

    /// The rows of `messageIDs` that exist, locked (`FOR UPDATE`, in id order) until the transaction ends.
    func lockedMessageStates(
        _ messageIDs: [Int64],
        on connection: PostgresConnection
    ) async throws -> [Int64: MessageRowState] {
        guard !messageIDs.isEmpty else { return [:] }
        let rows = try await self.rows(
            """
            SELECT message.id, message.batch_id, batch.route, message.status, message.reason_code,
            message.last_error, message.provider_id, message.next_attempt_at, message.attempts,
            message.submitted_at, message.done_at
            FROM message JOIN batch ON batch.id = message.batch_id
            WHERE message.id = ANY(\(messageIDs)) ORDER BY message.id FOR UPDATE OF message
            """,
            on: connection
        )
        var states: [Int64: MessageRowState] = [:]
        for row in rows {
            let state = MessageRowState(row: row)
            states[state.id] = state
        }
        return states
    }

    /// Writes back the rows that changed and inserts `events` in their order, in one statement.
    func write(
        _ changed: [MessageRowState],
        events: [MessageRowState.Event],
        on connection: PostgresConnection
    ) async throws {
        guard !changed.isEmpty || !events.isEmpty else { return }
        try await self.execute(
            """
            WITH changed AS (
                UPDATE message SET status = c.status, reason_code = c.reason_code, last_error = c.last_error,
                provider_id = c.provider_id, next_attempt_at = c.next_attempt_at, attempts = c.attempts,
                submitted_at = c.submitted_at, done_at = c.done_at
                FROM unnest(
                    \(changed.map(\.id))::bigint[], \(changed.map(\.status))::text[],
                    \(PostgresNullableArray(changed.map(\.reasonCode)))::text[],
                    \(PostgresNullableArray(changed.map(\.lastError)))::text[],
                    \(PostgresNullableArray(changed.map(\.providerID)))::text[],
                    \(PostgresNullableArray(changed.map(\.nextAttemptAt)))::double precision[],
                    \(changed.map(\.attempts))::bigint[],
                    \(PostgresNullableArray(changed.map(\.submittedAt)))::double precision[],
                    \(PostgresNullableArray(changed.map(\.doneAt)))::double precision[]
                ) AS c (id, status, reason_code, last_error, provider_id, next_attempt_at, attempts, submitted_at,
                    done_at)
                WHERE message.id = c.id
                RETURNING 1
            ), recorded AS (
                INSERT INTO event (message_id, batch_id, status, reason_code, at)
                SELECT e.message_id, e.batch_id, e.status, e.reason_code, e.at
                FROM unnest(
                    \(events.map(\.messageID))::bigint[], \(events.map(\.batchID))::bigint[],
                    \(events.map(\.status))::text[], \(PostgresNullableArray(events.map(\.reasonCode)))::text[],
                    \(events.map(\.at))::double precision[]
                ) WITH ORDINALITY AS e (message_id, batch_id, status, reason_code, at, n)
                ORDER BY e.n
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM changed) AS changed, (SELECT count(*) FROM recorded) AS recorded
            """,
            on: connection
        )
    }
}
