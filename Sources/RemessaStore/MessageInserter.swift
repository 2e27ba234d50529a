import Foundation
import RemessaCore
import GRDB
import GRDBSQLite

/// Inserts a file's messages on a thread of its own, so SQLite's work overlaps the caller's validation of the
/// next rows instead of following it (`bench/run ingest`), in short transactions of its own: another writer
/// waits for one of them (``chunksPerTransaction`` chunks, tens of milliseconds), never for the whole file.
///
/// The caller hands over chunks of messages with ids already assigned; at most ``capacity`` chunks wait at a
/// time, so memory stays bounded whatever the file's size. ``finish()`` or ``abandon()`` must be called, and
/// both wait for the thread.
// @unchecked: `state` is only read and written under `condition`; the rest is immutable.
final class MessageInserter: MessageSink, @unchecked Sendable {
    /// Shared between the caller and the thread, under ``condition``.
    private struct State {
        var chunks: [MessageChunk] = []
        var closed = false
        var abandoned = false
        var failure: (any Error)?
        var stopped = false
    }

    /// Chunks waiting at most; the thread takes up to ``chunksPerTransaction`` of them at a time.
    static let capacity = 8
    /// Chunks per transaction: 16,384 rows, a few tens of milliseconds of SQLite's work in a release build.
    static let chunksPerTransaction = 4
    /// Rows per `INSERT … VALUES (…), (…), …`: one statement run opens the table's and indexes' cursors once for
    /// all of them, which halves SQLite's work per row against one run per row.
    static let rowsPerStatement = 64
    static let columnsPerRow: Int32 = 11

    /// `INSERT INTO message …` of one row and of ``rowsPerStatement`` rows: `QUEUED`, or `SCHEDULED` until
    /// `scheduledUntil` (store seconds; a number, so it goes into the text as it is).
    static func insertSQL(rows: Int, scheduledUntil: Double? = nil) -> String {
        let status = scheduledUntil.map { "'SCHEDULED', \($0)" } ?? "'QUEUED', NULL"
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(status))", count: rows)
        return """
            INSERT INTO message (id, batch_id, line, destination, correlation_id, priority, text, encoding, segments,
            client_code, tag, status, next_attempt_at) VALUES \(values.joined(separator: ", "))
            """
    }

    private let pool: DatabasePool
    private let batchID: Int64
    /// A campaign's `sendAt` still ahead (store seconds): its messages wait `SCHEDULED` until then.
    private let scheduledUntil: Double?
    /// The next id ``reserveIDs(_:)`` hands out; only the caller's thread touches it.
    private var nextID: Int64
    // Guards `state`; the thread and the caller wait on it for chunks and for room.
    private let condition = NSCondition()
    private var state = State()

    /// Starts the thread, which writes through `pool`'s writer.
    init(pool: DatabasePool, batchID: Int64, firstID: Int64, scheduledUntil: Date? = nil) {
        self.pool = pool
        self.nextID = firstID
        self.batchID = batchID
        self.scheduledUntil = scheduledUntil?.storeSeconds
        let thread = Thread { [self] in self.run() }
        thread.name = "remessa-ingest-insert"
        thread.start()
    }

    /// Ids continue from the first one the ingest found free: the ingest gate keeps other ingests out.
    func reserveIDs(_ count: Int) -> Int64 {
        defer { nextID += Int64(count) }
        return nextID
    }

    /// Queues `chunk`, waiting while ``capacity`` chunks are already queued; throws the first failed insert.
    func hand(_ chunk: MessageChunk) throws {
        condition.lock()
        defer { condition.unlock() }
        while state.chunks.count >= Self.capacity, state.failure == nil {
            condition.wait()
        }
        if let failure = state.failure { throw failure }
        state.chunks.append(chunk)
        condition.broadcast()
    }

    /// Waits until every queued chunk is committed; throws the first failed insert.
    func finish() throws {
        stop(abandoning: false)
        condition.lock()
        defer { condition.unlock() }
        if let failure = state.failure { throw failure }
    }

    /// Stops without inserting what is still queued, and waits.
    func abandon() {
        stop(abandoning: true)
    }

    private func stop(abandoning: Bool) {
        condition.lock()
        defer { condition.unlock() }
        state.closed = true
        if abandoning {
            state.abandoned = true
            state.chunks = []
        }
        condition.broadcast()
        while !state.stopped {
            condition.wait()
        }
    }

    /// The next chunks to commit: ``chunksPerTransaction`` of them, or what is left once closed; nil at the end.
    private func next() -> [MessageChunk]? {
        condition.lock()
        defer { condition.unlock() }
        while state.chunks.count < Self.chunksPerTransaction, !state.closed {
            condition.wait()
        }
        guard !state.abandoned, state.failure == nil, !state.chunks.isEmpty else { return nil }
        let count = min(state.chunks.count, Self.chunksPerTransaction)
        let taken = Array(state.chunks.prefix(count))
        state.chunks.removeFirst(count)
        condition.broadcast()
        return taken
    }

    private func run() {
        while let chunks = next() {
            do {
                try commit(chunks)
            } catch {
                condition.lock()
                state.failure = state.failure ?? error
                condition.broadcast()
                condition.unlock()
            }
        }
        condition.lock()
        state.stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// One transaction holding `chunks`. Foreign keys are not checked in it: the messages name a batch whose row
    /// comes last, in the transaction that publishes them (``Store/ingest(fileID:drop:route:at:_:)``).
    private func commit(_ chunks: [MessageChunk]) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                let single = try db.cachedStatement(sql: Self.insertSQL(rows: 1, scheduledUntil: scheduledUntil))
                let multiple = try db.cachedStatement(
                    sql: Self.insertSQL(rows: Self.rowsPerStatement, scheduledUntil: scheduledUntil)
                )
                for chunk in chunks {
                    try insert(chunk, single: single, multiple: multiple)
                }
                return .commit
            }
        }
    }

    /// Binds straight through SQLite's C API (building GRDB's `StatementArguments` for each of a million rows
    /// cost a fifth of the ingest), ``rowsPerStatement`` rows per run while there are that many. The texts are
    /// bound without a copy (`SQLITE_STATIC`): they point into the chunk's buffer, which stays put for the
    /// duration of the closure, and the bindings are cleared before it returns.
    private func insert(
        _ chunk: MessageChunk,
        single singleStatement: Statement,
        multiple multipleStatement: Statement
    )
        throws(DatabaseError)
    {
        let single = singleStatement.sqliteStatement
        let multiple = multipleStatement.sqliteStatement
        let sql = singleStatement.sql
        let (code, statement) = chunk.bytes.withUnsafeBufferPointer { bytes -> (Int32, OpaquePointer?) in
            defer {
                sqlite3_clear_bindings(single)
                sqlite3_clear_bindings(multiple)
            }
            var index = 0
            while index < chunk.rows.count {
                let count = chunk.rows.count - index >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
                let statement = count == 1 ? single : multiple
                sqlite3_reset(statement)
                for offset in 0..<count {
                    bind(
                        chunk.rows[index + offset],
                        id: chunk.firstID + Int64(index + offset),
                        from: bytes,
                        at: Int32(offset) * Self.columnsPerRow,
                        in: statement
                    )
                }
                let code = sqlite3_step(statement)
                guard code == SQLITE_DONE else { return (code, statement) }
                index += count
            }
            return (SQLITE_DONE, nil)
        }
        if let statement, code != SQLITE_DONE {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))),
                sql: sql
            )
        }
    }

    /// Binds one row's eleven parameters, the first at `base + 1`.
    private func bind(
        _ row: MessageChunk.Row,
        id: Int64,
        from bytes: UnsafeBufferPointer<UInt8>,
        at base: Int32,
        in statement: OpaquePointer
    ) {
        sqlite3_bind_int64(statement, base + 1, id)
        sqlite3_bind_int64(statement, base + 2, batchID)
        sqlite3_bind_int64(statement, base + 3, Int64(row.line))
        Self.bind(bytes, row.destination, at: base + 4, in: statement)
        if let correlationID = row.correlationID {
            Self.bind(bytes, correlationID, at: base + 5, in: statement)
        } else {
            sqlite3_bind_null(statement, base + 5)
        }
        sqlite3_bind_int64(statement, base + 6, Int64(row.priorityRank))
        Self.bind(bytes, row.text, at: base + 7, in: statement)
        Self.bind(Self.encodingName(row.encoding), at: base + 8, in: statement)
        sqlite3_bind_int64(statement, base + 9, Int64(row.segments))
        Self.bind(bytes, row.clientCode, at: base + 10, in: statement)
        Self.bind(bytes, row.tag, at: base + 11, in: statement)
    }

    /// An optional text: NULL when absent.
    private static func bind(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>?,
        at index: Int32,
        in statement: OpaquePointer
    ) {
        if let range {
            bind(bytes, range, at: index, in: statement)
        } else {
            sqlite3_bind_null(statement, index)
        }
    }

    private static func encodingName(_ encoding: SMSEncoding) -> StaticString {
        switch encoding {
        case .gsm7: "GSM7"
        case .ucs2: "UCS2"
        }
    }

    private static func bind(_ text: StaticString, at index: Int32, in sqlite: OpaquePointer) {
        text.utf8Start.withMemoryRebound(to: CChar.self, capacity: text.utf8CodeUnitCount) { characters in
            _ = sqlite3_bind_text(sqlite, index, characters, Int32(text.utf8CodeUnitCount), nil)
        }
    }

    /// `SQLITE_STATIC` (nil): the caller keeps `bytes` alive and unchanged until the bindings are cleared.
    private static func bind(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ range: Range<Int>,
        at index: Int32,
        in statement: OpaquePointer
    ) {
        guard let base = bytes.baseAddress, !range.isEmpty else {
            bind("", at: index, in: statement)
            return
        }
        (base + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: range.count) { characters in
            _ = sqlite3_bind_text(statement, index, characters, Int32(range.count), nil)
        }
    }
}
