import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// Large ingests: the messages go into the store from a thread of their own, chunk by chunk (SQLite: short
/// transactions; PostgreSQL: one `COPY`), and the store still keeps all of a file or none of it.
@Suite("Store: ingest of many messages")
struct IngestInsertTests {
    static let rows = 3 * BatchWriter.chunkSize + 123

    static func ingest(_ store: any Store, name: String, rows: Int, rollback: Bool = false) async throws -> [Int64] {
        let fileID = try await StoreFixture.claim(name, size: 1, in: store)
        return try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
            let ids = try (0..<rows).map {
                try writer.insert(StoreFixture.draft(line: $0 + 2, destination: "55119\(10_000_000 + $0)"))
            }
            let summary = IngestSummary(
                layout: "base",
                encoding: "utf-8",
                rows: rows,
                accepted: rows,
                rejected: 0,
                segments: rows
            )
            return rollback ? .rollback(ids) : .commit(summary, ids)
        }
    }

    static func messageCount(_ store: any Store) async throws -> Int {
        try await StoreSQL.int(store, "SELECT count(*) FROM message")
    }

    /// Whether `ids` run one by one from `first` (SQLite) or are consecutive from anywhere above the ids before
    /// (PostgreSQL takes blocks from a sequence, which a rollback does not give back).
    static func consecutive(_ ids: [Int64], from first: Int64, kind: StoreKind) -> Bool {
        guard let start = ids.first else { return false }
        let fromStart = kind == .sqlite ? start == first : start >= first
        return fromStart && ids == Array(start..<(start + Int64(ids.count)))
    }

    @Test(
        "Thousands of messages over several chunks: consecutive ids, every row stored with its own values",
        arguments: StoreKind.allCases
    )
    func manyChunks(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await Self.ingest(store, name: "a.csv", rows: Self.rows)
            let second = try await Self.ingest(store, name: "b.csv", rows: 10)
            #expect(first == Array(1...Int64(Self.rows)))
            #expect(Self.consecutive(second, from: Int64(Self.rows) + 1, kind: kind))
            #expect(try await Self.messageCount(store) == Self.rows + 10)
            let lastID = try #require(first.last)
            let last = try await StoreSQL.rows(
                store,
                "SELECT line, destination, text FROM message WHERE id = \(lastID)"
            )
            #expect(last == [["\(Self.rows + 1)", "55119\(10_000_000 + Self.rows - 1)", "Olá \(Self.rows + 1)"]])
            let batch = try #require(try await store.batch(1))
            #expect(batch.statusCounts == [.queued: Self.rows])
        }
    }

    @Test(
        "Every value of every row comes back as given, through the many-row and the one-row inserts",
        arguments: StoreKind.allCases
    )
    func everyValueRoundTrips(kind: StoreKind) async throws {
        // One chunk and a bit: whole runs of rowsPerStatement rows, then single rows for the remainder.
        let count = BatchWriter.chunkSize + MessageInserter.rowsPerStatement + 7
        let priorities: [Priority] = [.alta, .media, .baixa]
        let drafts = (0..<count).map { index in
            MessageDraft(
                line: index + 2,
                destination: "55\(11_900_000_000 + index)",
                correlationID: index % 3 == 0 ? nil : "pedido-\(index)",
                priority: priorities[index % 3],
                // Texts with what COPY's text format escapes: backslashes, tabs, line ends.
                text: index % 5 == 0
                    ? "" : "Olá \(index) — açaí ✓ 😀 \\N \\ \t\r\n\(String(repeating: "x", count: index % 200))",
                encoding: index % 2 == 0 ? .gsm7 : .ucs2,
                segments: 1 + index % 4
            )
        }
        try await StoreTests.withStore(kind) { store in
            let fileID = try await StoreFixture.claim("all.csv", size: 1, in: store)
            let ids = try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
                let ids = try drafts.map { try writer.insert($0) }
                let summary = IngestSummary(
                    layout: "base",
                    encoding: "utf-8",
                    rows: count,
                    accepted: count,
                    rejected: 0,
                    segments: count
                )
                return .commit(summary, ids)
            }
            #expect(ids == Array(1...Int64(count)))
            let stored = try await StoreSQL.rows(
                store,
                """
                SELECT line, destination, correlation_id, priority, text, encoding, segments, status, batch_id
                FROM message ORDER BY id
                """
            )
            let expected = drafts.map { draft -> [String] in
                [
                    "\(draft.line)", draft.destination, draft.correlationID ?? "NULL", "\(draft.priority.rank)",
                    draft.text, draft.encoding.rawValue, "\(draft.segments)", "QUEUED", "\(fileID)",
                ]
            }
            #expect(stored.count == count)
            for (index, row) in stored.enumerated() where row != expected[index] {
                Issue.record("row \(index + 1): \(row) != \(expected[index])")
                break
            }
        }
    }

    @Test(
        "A rollback after several chunks were inserted leaves no message and no batch",
        arguments: StoreKind.allCases
    )
    func rollbackAfterChunks(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let ids = try await Self.ingest(store, name: "a.csv", rows: Self.rows, rollback: true)
            #expect(ids.count == Self.rows)
            #expect(try await Self.messageCount(store) == 0)
            #expect(try await store.batch(1) == nil)
            // The writer connection is free again: the next file goes in.
            #expect(Self.consecutive(try await Self.ingest(store, name: "b.csv", rows: 5), from: 1, kind: kind))
            #expect(try await Self.messageCount(store) == 5)
        }
    }

    @Test("An insert that fails in the middle of a chunk fails the whole ingest; nothing of the file remains")
    func failedInsertSQLite() async throws {
        try await StoreTests.withStore { store, _ in
            try await store.pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER refuse_line BEFORE INSERT ON message WHEN NEW.line = 6000
                        BEGIN SELECT RAISE(ABORT, 'line 6000 refused'); END
                        """
                )
            }
            await #expect(throws: DatabaseError.self) {
                _ = try await Self.ingest(store, name: "a.csv", rows: Self.rows)
            }
            #expect(try await Self.messageCount(store) == 0)
            #expect(try await store.batch(1) == nil)
            try await store.pool.write { db in try db.execute(sql: "DROP TRIGGER refuse_line") }
            #expect(try await Self.ingest(store, name: "b.csv", rows: 3).count == 3)
        }
    }

    @Test("On PostgreSQL, a COPY that fails in the middle fails the whole ingest; nothing of the file remains")
    func failedCopyPostgres() async throws {
        try await StoreTests.withStore(.postgres) { store in
            try await StoreSQL.execute(
                store,
                """
                CREATE FUNCTION refuse_line() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.line = 6000 THEN RAISE EXCEPTION 'line 6000 refused'; END IF; RETURN NEW; END $$
                """
            )
            try await StoreSQL.execute(
                store,
                "CREATE TRIGGER refuse_line BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION refuse_line()"
            )
            let failure = await #expect(throws: (any Error).self) {
                _ = try await Self.ingest(store, name: "a.csv", rows: Self.rows)
            }
            #expect(String(reflecting: failure).contains("line 6000 refused"))
            #expect(try await Self.messageCount(store) == 0)
            #expect(try await store.batch(1) == nil)
            try await StoreSQL.execute(store, "DROP TRIGGER refuse_line ON message")
            #expect(try await Self.ingest(store, name: "b.csv", rows: 3).count == 3)
            #expect(try await store.batches().map(\.messages) == [3])
        }
    }
}
