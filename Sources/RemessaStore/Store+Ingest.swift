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

/// Writes one file's messages inside the ingest transaction, assigning contiguous ids in line order.
public struct BatchWriter {
    public let batchID: Int64
    private let statement: Statement
    private var nextID: Int64

    init(batchID: Int64, db: Database) throws {
        self.batchID = batchID
        self.statement = try db.makeStatement(
            sql: """
                INSERT INTO message (id, batch_id, line, destination, correlation_id, priority, text, encoding,
                segments, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED')
                """
        )
        self.nextID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM message") ?? 1
    }

    /// Queues one message and returns its id.
    ///
    /// Binds straight through SQLite's C API: building GRDB's `StatementArguments` for each of a million rows
    /// cost a fifth of the ingest (`bench/run ingest`).
    public mutating func insert(_ draft: MessageDraft) throws -> Int64 {
        let id = nextID
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        sqlite3_bind_int64(sqlite, 1, id)
        sqlite3_bind_int64(sqlite, 2, batchID)
        sqlite3_bind_int64(sqlite, 3, Int64(draft.line))
        Self.bind(draft.destination, at: 4, in: sqlite)
        if let correlationID = draft.correlationID {
            Self.bind(correlationID, at: 5, in: sqlite)
        } else {
            sqlite3_bind_null(sqlite, 5)
        }
        sqlite3_bind_int64(sqlite, 6, Int64(draft.priority.rank))
        Self.bind(draft.text, at: 7, in: sqlite)
        Self.bind(draft.encoding.rawValue, at: 8, in: sqlite)
        sqlite3_bind_int64(sqlite, 9, Int64(draft.segments))
        let code = sqlite3_step(sqlite)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqlite))),
                sql: statement.sql
            )
        }
        nextID += 1
        return id
    }

    /// SQLite copies the text before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private static func bind(_ text: String, at index: Int32, in sqlite: SQLiteStatement) {
        var text = text
        let bound = text.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                _ = sqlite3_bind_text(sqlite, index, characters, Int32(bytes.count), transient)
            }
            return true
        }
        if !bound {
            sqlite3_bind_text(sqlite, index, "", 0, transient)
        }
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
                switch try body(&writer) {
                case .rollback(let result):
                    value = result
                    return .rollback
                case .commit(let summary, let result):
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
