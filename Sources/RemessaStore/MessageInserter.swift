import Foundation
import RemessaCore
import GRDB
import GRDBSQLite
import Synchronization

/// Inserts a file's messages on a thread of its own, so SQLite's work overlaps the caller's validation of the
/// next rows instead of following it (`bench/run ingest`).
///
/// The caller hands over chunks of drafts with ids already assigned; at most ``capacity`` chunks wait at a
/// time, so memory stays bounded whatever the file's size. The connection is the ingest transaction's: while
/// this thread runs, the thread that owns the connection is inside the transaction's body and does not touch
/// it (SQLite's multi-thread mode allows one thread at a time per connection). ``finish()`` or ``abandon()``
/// must be called before the transaction ends, and both wait for the thread.
final class MessageInserter: @unchecked Sendable {
    /// Consecutive drafts, the first with id `firstID`.
    struct Chunk: Sendable {
        var firstID: Int64
        var drafts: [MessageDraft]
    }

    private struct State {
        var chunks: [Chunk] = []
        var closed = false
        var abandoned = false
        var failure: DatabaseError?
    }

    static let capacity = 4

    private let statement: OpaquePointer
    private let sql: String
    private let batchID: Int64
    private let state = Mutex(State())
    private let queued = DispatchSemaphore(value: 0)
    private let room = DispatchSemaphore(value: MessageInserter.capacity)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread; `statement` is the prepared `INSERT INTO message …` of ``BatchWriter``.
    init(statement: Statement, batchID: Int64) {
        self.statement = statement.sqliteStatement
        self.sql = statement.sql
        self.batchID = batchID
        let thread = Thread { [self] in self.run() }
        thread.name = "remessa-ingest-insert"
        thread.start()
    }

    /// Queues `chunk`, waiting while ``capacity`` chunks are already queued; throws the first failed insert.
    func hand(_ chunk: Chunk) throws(DatabaseError) {
        room.wait()
        let failure = state.withLock { state -> DatabaseError? in
            if state.failure == nil { state.chunks.append(chunk) }
            return state.failure
        }
        if let failure {
            room.signal()
            throw failure
        }
        queued.signal()
    }

    /// Waits until every queued chunk is inserted; throws the first failed insert.
    func finish() throws(DatabaseError) {
        stop(abandoning: false)
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Stops without inserting what is still queued (the transaction is being rolled back) and waits.
    func abandon() {
        stop(abandoning: true)
    }

    private func stop(abandoning: Bool) {
        let alreadyClosed = state.withLock { state in
            defer {
                state.closed = true
                state.abandoned = state.abandoned || abandoning
            }
            return state.closed
        }
        guard !alreadyClosed else { return }
        queued.signal()
        stopped.wait()
    }

    private func run() {
        while true {
            queued.wait()
            let next = state.withLock { state -> (chunk: Chunk?, skip: Bool, done: Bool) in
                guard !state.chunks.isEmpty else { return (nil, true, state.closed) }
                return (state.chunks.removeFirst(), state.abandoned || state.failure != nil, false)
            }
            if next.done { break }
            guard let chunk = next.chunk else { continue }
            if !next.skip {
                do {
                    try insert(chunk)
                } catch {
                    state.withLock { $0.failure = $0.failure ?? error }
                }
            }
            room.signal()
        }
        stopped.signal()
    }

    /// Binds straight through SQLite's C API: building GRDB's `StatementArguments` for each of a million rows
    /// cost a fifth of the ingest.
    private func insert(_ chunk: Chunk) throws(DatabaseError) {
        var id = chunk.firstID
        for draft in chunk.drafts {
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, id)
            sqlite3_bind_int64(statement, 2, batchID)
            sqlite3_bind_int64(statement, 3, Int64(draft.line))
            Self.bind(draft.destination, at: 4, in: statement)
            if let correlationID = draft.correlationID {
                Self.bind(correlationID, at: 5, in: statement)
            } else {
                sqlite3_bind_null(statement, 5)
            }
            sqlite3_bind_int64(statement, 6, Int64(draft.priority.rank))
            Self.bind(draft.text, at: 7, in: statement)
            Self.bind(draft.encoding.rawValue, at: 8, in: statement)
            sqlite3_bind_int64(statement, 9, Int64(draft.segments))
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))),
                    sql: sql
                )
            }
            id += 1
        }
    }

    /// SQLite copies the text before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private static func bind(_ text: String, at index: Int32, in sqlite: OpaquePointer) {
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
