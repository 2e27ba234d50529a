import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

extension PostgresStore {
    /// The advisory lock held while a block of message ids is taken from the `message` sequence: "RmsgIDs".
    static let messageIDLockKey: Int64 = 0x52_6D_73_67_49_44_73

    /// See ``Store``. On PostgreSQL the file's messages go in with one `COPY`, inside the transaction that
    /// creates their batch and moves the file to `ingested`: other nodes and readers see the whole file at once,
    /// or nothing, and a node that dies midway leaves nothing behind (the server rolls the transaction back). The
    /// transaction blocks no other writer: its rows are new. Ingests of several files run side by side. Under a
    /// lease, the transaction is fenced (``StoreFence``).
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        at now: Date,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        // Messages of a campaign scheduled ahead wait `SCHEDULED` until its `sendAt` (contract §10).
        let sink = PostgresMessageSink(batchID: fileID, scheduledUntil: settings.sendAt.flatMap { $0 > now ? $0 : nil })
        return try await self.client.withConnection { connection in
            try await self.execute("BEGIN", on: connection)
            do {
                try await self.checkFence(on: connection)
                try await self.execute(
                    """
                    INSERT INTO batch (id, file_id, drop_name, route, messages, segments, created_at,
                                       label, sender, send_at, send_until)
                    VALUES (\(fileID), \(fileID), \(drop), \(route), 0, 0, \(now.storeSeconds),
                            \(settings.label), \(settings.sender), \(settings.sendAt?.storeSeconds),
                            \(settings.sendUntil?.storeSeconds))
                    """,
                    on: connection
                )
                let decision = try await self.copyMessages(on: connection, sink: sink, body)
                switch decision {
                case .rollback(let value):
                    try await self.execute("ROLLBACK", on: connection)
                    return value
                case .commit(let summary, let value):
                    try await self.publishBatch(fileID, summary: summary, on: connection, at: now)
                    try await self.execute("COMMIT", on: connection)
                    return value
                }
            } catch {
                try? await self.execute("ROLLBACK", on: connection)
                throw error
            }
        }
    }

    /// See ``Store``. On PostgreSQL an ingest cut short leaves no message (its transaction never committed), so
    /// there is nothing to discard; the call still removes any message of `fileID` left without a batch.
    public func discardStaged(fileID: Int64) async throws {
        try await self.execute(
            """
            DELETE FROM message WHERE batch_id = \(fileID)
            AND NOT EXISTS (SELECT 1 FROM batch WHERE batch.id = \(fileID))
            """
        )
    }

    /// Runs `body` on a thread of its own while its messages stream into `COPY` on `connection`; answers its
    /// decision once the `COPY` is complete (or abandoned, for a rollback).
    private func copyMessages<Value: Sendable>(
        on connection: PostgresConnection,
        sink: PostgresMessageSink,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> IngestDecision<Value> {
        let fileID = sink.batchID
        async let decision = StoreThread.run(named: "remessa-ingest") {
            var writer = try BatchWriter(batchID: fileID, sink: sink)
            do {
                let decision = try body(&writer)
                switch decision {
                case .commit: try writer.finish()
                case .rollback: writer.abandon()
                }
                return decision
            } catch {
                writer.abandon()
                throw error
            }
        }
        var copyFailure: (any Error)?
        do {
            try await connection.copyFrom(
                table: "message",
                columns: PostgresMessageSink.columns,
                logger: self.logger
            ) { copy in
                try await sink.consume(into: copy) { count in try await self.reserveMessageIDs(count) }
            }
        } catch {
            copyFailure = error
        }
        sink.end(failure: copyFailure ?? PostgresMessageSink.Abandoned())
        // The body's own error comes first: a failed COPY is what made it fail, or it failed by itself.
        let answer = try await decision
        if case .commit = answer, let copyFailure {
            throw copyFailure
        }
        return answer
    }

    /// Sets the batch's counts and moves the file to `ingested`/`accepted`, with its notice, in the ingest's
    /// transaction.
    private func publishBatch(
        _ fileID: Int64,
        summary: IngestSummary,
        on connection: PostgresConnection,
        at now: Date
    ) async throws {
        try await self.execute(
            "UPDATE batch SET messages = \(summary.accepted), segments = \(summary.segments) WHERE id = \(fileID)",
            on: connection
        )
        try await self.execute(
            """
            UPDATE file SET stage = 'ingested', outcome = 'accepted', layout = \(summary.layout),
            encoding = \(summary.encoding), rows = \(summary.rows), accepted = \(summary.accepted),
            rejected = \(summary.rejected), segments = \(summary.segments), ingested_at = \(now.storeSeconds)
            WHERE id = \(fileID)
            """,
            on: connection
        )
        try await self.recordFileNotice(on: connection, fileID: fileID, event: .fileAccepted, at: now)
    }

    /// The first of `count` consecutive message ids no other ingest, on any node, will use: the `message`
    /// sequence advanced by `count` under an advisory lock, in a short transaction of its own.
    func reserveMessageIDs(_ count: Int) async throws -> Int64 {
        try await self.transaction { connection in
            try await self.execute("SELECT pg_advisory_xact_lock(\(Self.messageIDLockKey))", on: connection)
            let row = try await self.row(
                """
                SELECT setval(pg_get_serial_sequence('message', 'id'),
                              nextval(pg_get_serial_sequence('message', 'id')) + \(count - 1)) AS last
                """,
                on: connection
            )
            let last: Int64 = row?["last"] ?? 0
            return last - Int64(count) + 1
        }
    }
}
