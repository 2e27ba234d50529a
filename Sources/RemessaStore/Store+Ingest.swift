import Foundation
import GRDB
import GRDBSQLite
import RemessaCore
import Synchronization

/// What validation found in a file, as the store records it.
public struct IngestSummary: Sendable, Equatable {
    public var layout: String?
    public var encoding: String?
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    public var segments: Int

    public init(layout: String?, encoding: String?, rows: Int, accepted: Int, rejected: Int, segments: Int) {
        self.layout = layout
        self.encoding = encoding
        self.rows = rows
        self.accepted = accepted
        self.rejected = rejected
        self.segments = segments
    }
}

/// One accepted row, ready to be queued.
public struct MessageDraft: Sendable {
    public var line: Int
    public var destination: String
    public var correlationID: String?
    public var priority: Priority
    public var text: String
    public var encoding: SMSEncoding
    public var segments: Int
    /// The row's `CODCLIENTE` and `TAG`, for the final file.
    public var clientCode: String?
    public var tag: String?

    public init(
        line: Int,
        destination: String,
        correlationID: String?,
        priority: Priority,
        text: String,
        encoding: SMSEncoding,
        segments: Int,
        clientCode: String? = nil,
        tag: String? = nil
    ) {
        self.line = line
        self.destination = destination
        self.correlationID = correlationID
        self.priority = priority
        self.text = text
        self.encoding = encoding
        self.segments = segments
        self.clientCode = clientCode
        self.tag = tag
    }
}

/// Writes one file's messages, assigning ascending ids in line order (consecutive within each chunk). The rows go
/// to the store in chunks, on a thread of the store's own (its ``MessageSink``), while the caller validates on;
/// they stay invisible until the batch row that publishes them is committed.
public struct BatchWriter {
    public let batchID: Int64
    private let sink: any MessageSink
    private var nextID: Int64
    private var pending: MessageChunk

    /// Messages handed to the sink at a time, and ids reserved at a time.
    package static let chunkSize = 4096

    package init(batchID: Int64, sink: any MessageSink) throws {
        self.batchID = batchID
        self.sink = sink
        self.nextID = try sink.reserveIDs(Self.chunkSize)
        self.pending = MessageChunk(firstID: nextID, reservingRows: Self.chunkSize)
    }

    /// Queues one message and returns its id. An insert that failed earlier is thrown here or at the end.
    public mutating func insert(_ draft: MessageDraft) throws -> Int64 {
        let id = nextID
        nextID += 1
        pending.append(draft)
        if pending.rows.count == Self.chunkSize {
            try handPending()
        }
        return id
    }

    /// Inserts what is left and waits for the sink; throws the first failed insert.
    package mutating func finish() throws {
        if !pending.rows.isEmpty {
            try sink.hand(pending)
        }
        try sink.finish()
    }

    /// Stops the sink without inserting the rest.
    package func abandon() {
        sink.abandon()
    }

    private mutating func handPending() throws {
        let chunk = pending
        nextID = try sink.reserveIDs(Self.chunkSize)
        pending = MessageChunk(firstID: nextID, reservingRows: Self.chunkSize)
        try sink.hand(chunk)
    }
}

/// How an ingest ended: keep the messages, or drop them because the file was rejected as a whole.
public enum IngestDecision<Value: Sendable>: Sendable {
    case commit(IngestSummary, Value)
    case rollback(Value)
}

extension SQLiteStore {
    /// See ``Store``.
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        at now: Date,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        try await StoreThread.run(named: "remessa-ingest") { [self] in
            try ingestGate.withLock { _ in
                try ingestBlocking(fileID: fileID, drop: drop, route: route, settings: settings, at: now, body)
            }
        }
    }

    /// See ``Store``.
    public func discardStaged(fileID: Int64) async throws {
        try await StoreThread.run(named: "remessa-ingest") { [self] in
            try ingestGate.withLock { _ in try discardStagedBlocking(fileID: fileID) }
        }
    }

    private func ingestBlocking<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        at now: Date,
        _ body: (inout BatchWriter) throws -> IngestDecision<Value>
    ) throws -> Value {
        try discardStagedBlocking(fileID: fileID)
        let firstID = try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM message") ?? 1
        }
        var writer = try BatchWriter(
            batchID: fileID,
            // Messages of a campaign scheduled ahead wait `SCHEDULED` until its `sendAt` (contract §10).
            sink: MessageInserter(
                pool: pool,
                batchID: fileID,
                firstID: firstID,
                scheduledUntil: settings.sendAt.flatMap { $0 > now ? $0 : nil }
            )
        )
        let decision: IngestDecision<Value>
        do {
            decision = try body(&writer)
            if case .commit = decision { try writer.finish() }
        } catch {
            writer.abandon()
            try? discardStagedBlocking(fileID: fileID)
            throw error
        }
        switch decision {
        case .rollback(let value):
            writer.abandon()
            try discardStagedBlocking(fileID: fileID)
            return value
        case .commit(let summary, let value):
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO batch (id, file_id, drop_name, route, messages, segments, created_at,
                                           label, sender, send_at, send_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        fileID, fileID, drop, route, summary.accepted, summary.segments, now.storeSeconds,
                        settings.label, settings.sender, settings.sendAt?.storeSeconds,
                        settings.sendUntil?.storeSeconds,
                    ]
                )
                try db.execute(
                    sql: """
                        UPDATE file SET stage = 'ingested', outcome = 'accepted', layout = ?, encoding = ?,
                        rows = ?, accepted = ?, rejected = ?, segments = ?, ingested_at = ? WHERE id = ?
                        """,
                    arguments: [
                        summary.layout, summary.encoding, summary.rows, summary.accepted, summary.rejected,
                        summary.segments, now.storeSeconds, fileID,
                    ]
                )
                try self.recordFileNotice(db, fileID: fileID, event: .fileAccepted, at: now)
            }
            return value
        }
    }

    /// Rows deleted per transaction when staged messages are discarded.
    static let discardChunk = 16_384

    private func discardStagedBlocking(fileID: Int64) throws {
        while true {
            let deleted = try pool.write { db -> Int in
                guard try Int.fetchOne(db, sql: "SELECT count(*) FROM batch WHERE id = ?", arguments: [fileID]) == 0
                else { return 0 }
                // A report can only have named a staged message by guessing its id; its event goes too.
                try db.execute(sql: "DELETE FROM event WHERE batch_id = ?", arguments: [fileID])
                try db.execute(
                    sql: "DELETE FROM message WHERE id IN (SELECT id FROM message WHERE batch_id = ? LIMIT ?)",
                    arguments: [fileID, Self.discardChunk]
                )
                return db.changesCount
            }
            if deleted == 0 { return }
        }
    }
}

extension Priority {
    /// The stored order: 0 is sent first.
    package var rank: Int {
        switch self {
        case .alta: 0
        case .media: 1
        case .baixa: 2
        }
    }

    package init(rank: Int) {
        self = rank <= 0 ? .alta : rank == 1 ? .media : .baixa
    }
}
