import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

extension PostgresStore {
    /// A batch with its file's name and one row per status of its messages (`count_status`, `count_n`; NULL for
    /// a batch without messages), from `source` (the `batch` table or a subquery of it named `batch`).
    private static func batchesWithCounts(_ source: String) -> String {
        """
        SELECT batch.*, file.name AS file_name, counts.status AS count_status, counts.n AS count_n
        FROM \(source) JOIN file ON file.id = batch.file_id
        LEFT JOIN LATERAL (
            SELECT status, count(*) AS n FROM message WHERE message.batch_id = batch.id GROUP BY status
        ) AS counts ON true
        """
    }

    /// The batch records of `rows` (one row per batch and status, batches in order), read in one statement so
    /// the counts and the batch are of one moment.
    private static func batchRecords(_ rows: [PostgresStoreRow]) -> [BatchRecord] {
        var records: [BatchRecord] = []
        var current: (row: PostgresStoreRow, id: Int64, counts: [MessageStatus: Int])?
        for row in rows {
            let id: Int64 = row["id"]
            if let open = current, open.id != id {
                records.append(BatchRecord(row: open.row, statusCounts: open.counts))
                current = nil
            }
            if current == nil { current = (row, id, [:]) }
            if let status = MessageStatus(rawValue: row["count_status"]) {
                current?.counts[status] = row["count_n"]
            }
        }
        if let open = current { records.append(BatchRecord(row: open.row, statusCounts: open.counts)) }
        return records
    }

    /// See ``Store``.
    public func batch(_ id: Int64) async throws -> BatchRecord? {
        let rows = try await self.rows(
            "\(unescaped: Self.batchesWithCounts("batch")) WHERE batch.id = \(id)"
        )
        return Self.batchRecords(rows).first
    }

    /// See ``Store``.
    public func batches(unfinishedOnly: Bool, drop: String?, limit: Int) async throws -> [BatchRecord] {
        let source = Self.batchesWithCounts(
            """
            (SELECT * FROM batch WHERE ($1 = false OR finished_at IS NULL) AND ($2::text IS NULL OR drop_name = $2)
            ORDER BY id DESC LIMIT $3) AS batch
            """
        )
        var bindings = PostgresBindings()
        bindings.append(unfinishedOnly)
        bindings.append(drop)
        bindings.append(limit)
        let rows = try await self.rows(PostgresQuery(unsafeSQL: source + " ORDER BY batch.id DESC", binds: bindings))
        return Self.batchRecords(rows)
    }

    /// See ``Store``.
    public func recordBatchFinished(_ id: Int64, at now: Date) async throws {
        try await self.transaction { connection in
            let finished = try await self.count(
                """
                UPDATE batch SET finished_at = \(now.storeSeconds) WHERE id = \(id) AND finished_at IS NULL RETURNING 1
                """,
                on: connection
            )
            if finished == 1 {
                try await self.recordFileNotice(on: connection, fileID: id, event: .batchFinished, at: now)
            }
        }
    }

    /// See ``Store``.
    public func cancelBatch(_ id: Int64, at now: Date) async throws -> Int {
        let cancelled: Int? = try await self.transaction { connection in
            try await self.lockEvents(ofBatches: [id], on: connection)
            return try await self.cancel(batchID: id, reasonCode: "CANCELLED_BY_OPERATOR", at: now, on: connection)
        }
        guard let cancelled else { throw StoreError(.notFound, "no batch \(id)") }
        return cancelled
    }

    /// In the caller's transaction, which holds the batch's event lock: marks the batch cancelled (the
    /// dispatcher's listing leaves it out from now on) and ends its unsent messages `CANCELLED` with
    /// `reasonCode`, one event each. Nil when there is no such batch.
    func cancel(
        batchID id: Int64,
        reasonCode: String,
        at now: Date,
        on connection: PostgresConnection
    ) async throws -> Int? {
        let found = try await self.count(
            "UPDATE batch SET cancelled_at = coalesce(cancelled_at, \(now.storeSeconds)) WHERE id = \(id) RETURNING 1",
            on: connection
        )
        guard found == 1 else { return nil }
        return try await self.changeStatus(
            batchID: id,
            from: [.queued, .scheduled],
            to: .cancelled,
            reasonCode: reasonCode,
            at: now,
            on: connection
        )
    }

    /// See ``Store``.
    public func expireUnconfirmed(batchID: Int64, submittedBefore cutoff: Date, at now: Date) async throws -> Int {
        try await self.transaction { connection in
            try await self.lockEvents(ofBatches: [batchID], on: connection)
            return try await self.changeStatus(
                batchID: batchID,
                from: [.submitted],
                to: .unconfirmed,
                reasonCode: "DLR_TIMEOUT",
                at: now,
                submittedBefore: cutoff,
                on: connection
            )
        }
    }

    /// See ``Store``.
    @discardableResult
    public func updateStatus(
        messageID: Int64,
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date
    ) async throws -> Bool {
        let terminal = MessageStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        let at = now.storeSeconds
        return try await self.transaction { connection in
            try await self.lockEvents(ofMessages: [messageID], on: connection)
            let row = try await self.row(
                """
                WITH moved AS (
                    UPDATE message SET status = \(status.rawValue), reason_code = \(reasonCode)::text,
                    submitted_at = CASE WHEN \(status == .submitted) THEN coalesce(submitted_at, \(at))
                        ELSE submitted_at END,
                    done_at = CASE WHEN \(status.isTerminal) THEN \(at) ELSE done_at END
                    WHERE id = \(messageID) AND status <> \(status.rawValue) AND status <> ALL(\(terminal))
                    RETURNING id, batch_id
                ), recorded AS (
                    INSERT INTO event (message_id, batch_id, status, reason_code, at)
                    SELECT id, batch_id, \(status.rawValue), \(reasonCode)::text, \(at) FROM moved
                )
                SELECT count(*) AS n FROM moved
                """,
                on: connection
            )
            return (row?["n"] as Int?) == 1
        }
    }

    /// In the caller's transaction, which holds the batch's event lock: moves every message of the batch in `from`
    /// (submitted before `submittedBefore`, when given; not in `sparing`) to `status`, with one event each in id
    /// order, in one statement. Answers how many moved.
    func changeStatus(
        batchID: Int64,
        from: [MessageStatus],
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date,
        submittedBefore cutoff: Date? = nil,
        sparing: [Int64] = [],
        on connection: PostgresConnection
    ) async throws -> Int {
        let at = now.storeSeconds
        let row = try await self.row(
            """
            WITH moved AS (
                UPDATE message SET status = \(status.rawValue), reason_code = \(reasonCode)::text,
                done_at = CASE WHEN \(status.isTerminal) THEN \(at) ELSE done_at END
                WHERE batch_id = \(batchID) AND status = ANY(\(from.map(\.rawValue)))
                AND (\(cutoff?.storeSeconds)::double precision IS NULL
                    OR submitted_at < \(cutoff?.storeSeconds)::double precision)
                AND id <> ALL(\(sparing)::bigint[])
                RETURNING id, batch_id
            ), recorded AS (
                INSERT INTO event (message_id, batch_id, status, reason_code, at)
                SELECT id, batch_id, \(status.rawValue), \(reasonCode)::text, \(at) FROM moved ORDER BY id
            )
            SELECT count(*) AS n FROM moved
            """,
            on: connection
        )
        return row?["n"] ?? 0
    }

    /// See ``Store``.
    public func lastEventSequence(batchID: Int64) async throws -> Int64 {
        let row = try await self.row("SELECT coalesce(max(seq), 0) AS n FROM event WHERE batch_id = \(batchID)")
        return row?["n"] ?? 0
    }

    /// See ``Store``.
    public func events(batchID: Int64, in range: ClosedRange<Int64>) async throws -> [StatusEvent] {
        try await self.rows(
            """
            SELECT event.seq, event.message_id, event.status, event.reason_code, event.at,
            message.correlation_id, message.destination, message.line
            FROM event JOIN message ON message.id = event.message_id
            WHERE event.batch_id = \(batchID) AND event.seq BETWEEN \(range.lowerBound) AND \(range.upperBound)
            ORDER BY event.seq
            """
        ).map(StatusEvent.init(row:))
    }

    /// How many messages ``forEachMessage(batchID:_:)`` reads at a time.
    static let messagePage = 2_000

    /// See ``Store``. Reads the batch in pages by id (keyset pagination between the batch's first and last id),
    /// so neither this process nor the server holds more than a page, and no transaction stays open while
    /// `body` runs.
    public func forEachMessage(batchID: Int64, _ body: @Sendable (MessageRecord) throws -> Void) async throws {
        guard
            let bounds = try await self.row(
                "SELECT min(id) AS first, max(id) AS last FROM message WHERE batch_id = \(batchID)"
            ),
            let first = bounds["first"] as Int64?, let last = bounds["last"] as Int64?
        else { return }
        var after = first - 1
        while after < last {
            let page = try await self.rows(
                """
                SELECT * FROM message WHERE batch_id = \(batchID) AND id > \(after) AND id <= \(last)
                ORDER BY id LIMIT \(Self.messagePage)
                """
            )
            for row in page {
                try body(MessageRecord(row: row))
            }
            guard page.count == Self.messagePage, let end = page.last else { return }
            after = end["id"]
        }
    }

    /// See ``Store``.
    public func batchTotals(_ batchID: Int64) async throws -> BatchTotals {
        let row = try await self.row(
            """
            SELECT coalesce(sum(segments), 0)::bigint AS segments, min(submitted_at) AS first_submit,
            max(submitted_at) AS last_submit, max(done_at) AS last_done FROM message WHERE batch_id = \(batchID)
            """
        )
        return row.map(BatchTotals.init(row:)) ?? BatchTotals(segments: 0)
    }

    /// See ``Store``.
    public func queueDepth(drop: String) async throws -> Int {
        let row = try await self.row(
            """
            SELECT count(*) AS n FROM message WHERE status IN ('QUEUED', 'SCHEDULED') AND batch_id IN
            (SELECT id FROM batch WHERE drop_name = \(drop) AND finished_at IS NULL)
            """
        )
        return row?["n"] ?? 0
    }
}
