import Foundation
import GRDB
import GRDBSQLite
import RemessaCore

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

    public init(
        line: Int,
        destination: String,
        correlationID: String?,
        priority: Priority,
        text: String,
        encoding: SMSEncoding,
        segments: Int
    ) {
        self.line = line
        self.destination = destination
        self.correlationID = correlationID
        self.priority = priority
        self.text = text
        self.encoding = encoding
        self.segments = segments
    }
}

/// Writes one file's messages inside the ingest transaction, assigning contiguous ids in line order. The rows
/// go into SQLite in chunks, on a thread of their own (``MessageInserter``), while the caller validates on.
public struct BatchWriter {
    public let batchID: Int64
    /// The prepared inserts ``MessageInserter`` runs; held here so they outlive its thread.
    private let statements: (single: Statement, multiple: Statement)
    private let inserter: MessageInserter
    private var nextID: Int64
    private var pending: MessageInserter.Chunk

    /// Messages handed to the inserting thread at a time.
    static let chunkSize = 4096

    init(batchID: Int64, db: Database) throws {
        self.batchID = batchID
        self.statements = (
            try db.makeStatement(sql: MessageInserter.insertSQL(rows: 1)),
            try db.makeStatement(sql: MessageInserter.insertSQL(rows: MessageInserter.rowsPerStatement))
        )
        self.nextID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM message") ?? 1
        self.pending = MessageInserter.Chunk(firstID: nextID, reservingRows: Self.chunkSize)
        self.inserter = MessageInserter(single: statements.single, multiple: statements.multiple, batchID: batchID)
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

    /// Inserts what is left and waits for the inserting thread; throws the first failed insert.
    mutating func finish() throws {
        try handPending()
        try inserter.finish()
    }

    /// Stops the inserting thread without inserting the rest (the transaction rolls back).
    func abandon() {
        inserter.abandon()
    }

    private mutating func handPending() throws {
        guard !pending.rows.isEmpty else { return }
        let chunk = pending
        pending = MessageInserter.Chunk(firstID: nextID, reservingRows: Self.chunkSize)
        try inserter.hand(chunk)
    }
}

/// How an ingest ended: keep the messages, or drop them because the file was rejected as a whole.
public enum IngestDecision<Value: Sendable>: Sendable {
    case commit(IngestSummary, Value)
    case rollback(Value)
}

extension Store {
    /// Runs `body` in one transaction that holds every message of the file. When it returns `.commit`, the
    /// batch (id = the file's id), its messages and the file's `ingested`/`accepted` stage become durable at
    /// once; on `.rollback` or an error nothing of it remains.
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        at now: Date = Date(),
        _ body: @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        try await pool.writeWithoutTransaction { db in
            var value: Value?
            try db.inTransaction(.immediate) {
                // The batch row comes first: messages reference it. A rollback takes it away again.
                try db.execute(
                    sql: """
                        INSERT INTO batch (id, file_id, drop_name, route, messages, segments, created_at)
                        VALUES (?, ?, ?, ?, 0, 0, ?)
                        """,
                    arguments: [fileID, fileID, drop, route, now.storeSeconds]
                )
                var writer = try BatchWriter(batchID: fileID, db: db)
                let decision: IngestDecision<Value>
                do {
                    decision = try body(&writer)
                } catch {
                    writer.abandon()
                    throw error
                }
                switch decision {
                case .rollback(let result):
                    writer.abandon()
                    value = result
                    return .rollback
                case .commit(let summary, let result):
                    do {
                        try writer.finish()
                    } catch {
                        writer.abandon()
                        throw error
                    }
                    try db.execute(
                        sql: "UPDATE batch SET messages = ?, segments = ? WHERE id = ?",
                        arguments: [summary.accepted, summary.segments, fileID]
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
                    value = result
                    return .commit
                }
            }
            guard let value else { throw StoreError(.notFound, "the ingest produced no result") }
            return value
        }
    }
}

extension Priority {
    /// The stored order: 0 is sent first.
    var rank: Int {
        switch self {
        case .alta: 0
        case .media: 1
        case .baixa: 2
        }
    }

    init(rank: Int) {
        self = rank <= 0 ? .alta : rank == 1 ? .media : .baixa
    }
}
