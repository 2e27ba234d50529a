import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// A big file's messages go in through short transactions: other writers get through meanwhile, nobody sees the
/// file's messages before its batch is published, and what an interrupted ingest staged is discarded.
@Suite("Store: staged ingest")
struct StagedIngestTests {
    static let rowsPerTransaction = MessageInserter.chunksPerTransaction * BatchWriter.chunkSize

    static func summary(_ rows: Int) -> IngestSummary {
        IngestSummary(layout: "base", encoding: "utf-8", rows: rows, accepted: rows, rejected: 0, segments: rows)
    }

    static func count(_ sql: String, _ store: SQLiteStore) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    @Test("Mid-ingest, another writer commits and the staged messages are invisible; then the batch appears whole")
    func otherWritersGetThrough() async throws {
        try await StoreTests.withStore { store, _ in
            let other = try await StoreFixture.claim("other.csv", size: 1, in: store)
            let fileID = try await StoreFixture.claim("big.csv", size: 1, in: store)
            let rows = 3 * Self.rowsPerTransaction + 17
            let seen = try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
                var seen: (staged: Int, batches: Int, stage: String?) = (0, 0, nil)
                for index in 0..<rows {
                    _ = try writer.insert(
                        StoreFixture.draft(line: index + 2, destination: "55119\(10_000_000 + index)")
                    )
                    guard index == 2 * Self.rowsPerTransaction else { continue }
                    // The first transactions of the file commit while it is still being read.
                    let deadline = Date().addingTimeInterval(60)
                    while seen.staged == 0, Date() < deadline {
                        seen.staged = try Self.count("SELECT count(*) FROM message", store)
                        usleep(2000)
                    }
                    // Another writer is not held up by the ingest (with one long transaction this would wait for it).
                    try store.pool.write { db in
                        try db.execute(sql: "UPDATE file SET stage = 'claimed' WHERE id = ?", arguments: [other])
                    }
                    seen.stage = try store.pool.read { db in
                        try String.fetchOne(db, sql: "SELECT stage FROM file WHERE id = ?", arguments: [other])
                    }
                    seen.batches = try Self.count("SELECT count(*) FROM batch", store)
                }
                return .commit(Self.summary(rows), [seen.staged, seen.batches, seen.stage == "claimed" ? 1 : 0])
            }
            #expect(seen[0] > 0 && seen[0] < rows, "staged rows seen mid-ingest: \(seen[0])")
            #expect(seen[1] == 0, "no batch before the ingest ends")
            #expect(seen[2] == 1, "the other writer's change committed mid-ingest")
            #expect(try await store.batches().map(\.messages) == [rows])
            #expect(try await store.dispatchBatches(route: "sim").count == 1)
            #expect(try Self.count("SELECT count(*) FROM message WHERE batch_id = \(fileID)", store) == rows)
            #expect(try await store.file(fileID)?.stage == .ingested)
            #expect(try store.pool.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        }
    }

    @Test("Messages staged by an interrupted ingest are invisible, and the next ingest of the file discards them")
    func leftoversOfACrash() async throws {
        try await StoreTests.withStore { store, _ in
            let fileID = try await StoreFixture.claim("a.csv", size: 1, in: store)
            // What a `kill -9` mid-ingest leaves: committed chunks of messages whose batch row never came.
            try await store.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                for id in 1...(SQLiteStore.discardChunk + 10) {
                    try db.execute(
                        sql: """
                            INSERT INTO message (id, batch_id, line, destination, priority, text, encoding, segments,
                            status) VALUES (?, ?, ?, '5511987654321', 1, 'x', 'GSM7', 1, 'QUEUED')
                            """,
                        arguments: [id, fileID, id + 1]
                    )
                }
            }
            #expect(try await store.batches().isEmpty)
            #expect(try await store.dispatchBatches(route: "sim").isEmpty)
            #expect(try await store.batch(fileID) == nil)

            let ids = try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
                let ids = try (0..<5).map { try writer.insert(StoreFixture.draft(line: $0 + 2)) }
                return .commit(Self.summary(5), ids)
            }
            #expect(ids == [1, 2, 3, 4, 5])
            #expect(try Self.count("SELECT count(*) FROM message", store) == 5)
            #expect(try await store.batch(fileID)?.statusCounts == [.queued: 5])
        }
    }

    @Test("A rollback or an error after several committed transactions leaves nothing of the file")
    func rollbackAfterCommittedChunks() async throws {
        try await StoreTests.withStore { store, _ in
            let rows = 2 * Self.rowsPerTransaction + 5
            let fileID = try await StoreFixture.claim("a.csv", size: 1, in: store)
            let stagedBeforeRollback = try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
                for index in 0..<rows { _ = try writer.insert(StoreFixture.draft(line: index + 2)) }
                var staged = 0
                let deadline = Date().addingTimeInterval(60)
                while staged == 0, Date() < deadline {
                    staged = try Self.count("SELECT count(*) FROM message", store)
                    usleep(2000)
                }
                return .rollback(staged)
            }
            #expect(stagedBeforeRollback > 0)
            #expect(try Self.count("SELECT count(*) FROM message", store) == 0)
            #expect(try await store.batch(fileID) == nil)

            struct Cut: Error {}
            await #expect(throws: Cut.self) {
                _ = try await store.ingest(fileID: fileID, drop: "acme", route: "sim") {
                    writer -> IngestDecision<Int> in
                    for index in 0..<rows { _ = try writer.insert(StoreFixture.draft(line: index + 2)) }
                    throw Cut()
                }
            }
            #expect(try Self.count("SELECT count(*) FROM message", store) == 0)
            #expect(try await store.batch(fileID) == nil)
            // The writer connection checks foreign keys again.
            await #expect(throws: DatabaseError.self) {
                try await store.pool.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO message (id, batch_id, line, destination, priority, text, encoding, segments,
                            status) VALUES (1, 999, 2, '5511987654321', 1, 'x', 'GSM7', 1, 'QUEUED')
                            """
                    )
                }
            }
        }
    }

    @Test(
        "On PostgreSQL, mid-ingest another node writes and sees nothing of the file; then the batch appears whole",
        .timeLimit(.minutes(2))
    )
    func otherNodeMidIngest() async throws {
        try await StoreKind.withTwoPostgresNodes { store, other in
            let otherFile = try await StoreFixture.claim("other.csv", size: 1, in: other)
            let fileID = try await StoreFixture.claim("big.csv", size: 1, in: store)
            let rows = 3 * Self.rowsPerTransaction + 17
            let (reached, reachedContinuation) = AsyncStream.makeStream(of: Void.self)
            let go = DispatchSemaphore(value: 0)
            // A check that throws before the signal below must not leave the ingest's thread waiting.
            defer { go.signal() }
            // However the ingest ends, the wait below ends too.
            async let ingested: Int = {
                defer { reachedContinuation.finish() }
                return try await store.ingest(fileID: fileID, drop: "acme", route: "sim") { writer in
                    for index in 0..<rows {
                        _ = try writer.insert(
                            StoreFixture.draft(line: index + 2, destination: "55119\(10_000_000 + index)")
                        )
                        if index == 2 * Self.rowsPerTransaction {
                            reachedContinuation.yield()
                            go.wait()
                        }
                    }
                    return .commit(Self.summary(rows), rows)
                }
            }()
            var halfway = false
            for await _ in reached {
                halfway = true
                break
            }
            guard halfway else {
                Issue.record("the ingest ended before halfway: \(try await ingested)")
                return
            }
            // Halfway through the file, with two thirds of it already sent into the COPY: the other node reads
            // nothing of it and writes as usual.
            #expect(try await StoreSQL.int(other, "SELECT count(*) FROM message") == 0)
            #expect(try await other.batches().isEmpty)
            #expect(try await other.dispatchBatches(route: "sim").isEmpty)
            try await other.setStage(.claimed, of: otherFile)
            #expect(try await other.file(otherFile)?.stage == .claimed)
            go.signal()
            #expect(try await ingested == rows)
            #expect(try await other.batches().map(\.messages) == [rows])
            #expect(try await StoreSQL.int(other, "SELECT count(*) FROM message WHERE batch_id = \(fileID)") == rows)
            #expect(try await other.file(fileID)?.stage == .ingested)
        }
    }
}
