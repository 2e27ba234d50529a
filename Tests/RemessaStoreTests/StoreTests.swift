import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store")
struct StoreTests {
    static func withStore<T>(_ body: (SQLiteStore, String) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "store")
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, access: .daemon)
        return try await body(store, directory.path)
    }

    /// Runs `body` with a new store of `kind` (the behavioural tests run against each ``StoreKind``).
    static func withStore<T>(_ kind: StoreKind, _ body: (any Store) async throws -> T) async throws -> T {
        try await kind.withStore(body)
    }

    @Test("A new store takes writes", arguments: StoreKind.allCases)
    func newStoreIsWritable(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            try await store.checkWritable()
        }
    }

    @Test("A second daemon cannot open the same store; an operator can")
    func singleInstance() async throws {
        try await Self.withStore { _, directory in
            #expect(throws: StoreError.self) { try SQLiteStore(directory: directory, access: .daemon) }
            let reader = try SQLiteStore(directory: directory, access: .operator)
            #expect(try await reader.recentFiles().isEmpty)
        }
    }

    @Test("Commits are durable: the writing connection runs with synchronous=FULL (2)")
    func synchronousFull() async throws {
        try await Self.withStore { store, _ in
            let mode = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(mode == 2)
        }
    }

    @Test("An operator command on a directory without a store says so")
    func operatorWithoutStore() throws {
        #expect(throws: StoreError.self) { try SQLiteStore(directory: "/nonexistent/remessa", access: .operator) }
    }

    @Test(
        "A file goes through its stages; its messages are committed at once with contiguous ids",
        arguments: StoreKind.allCases
    )
    func ingestCommit(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let id = try await StoreFixture.claim("a.csv", size: 10, in: store)
            try await store.setStage(.claimed, of: id)
            try await store.recordDownload(of: id, size: 10, sha256: "abc")
            let ids = try await store.ingest(fileID: id, drop: "acme", route: "sim") { writer in
                var ids: [Int64] = []
                for line in 2...4 { ids.append(try writer.insert(StoreFixture.draft(line: line))) }
                let summary = IngestSummary(
                    layout: "base",
                    encoding: "utf-8",
                    rows: 4,
                    accepted: 3,
                    rejected: 1,
                    segments: 3
                )
                return .commit(summary, ids)
            }
            #expect(ids == [1, 2, 3])
            let file = try #require(try await store.file(id))
            #expect(file.stage == .ingested)
            #expect(file.outcome == .accepted)
            #expect(file.accepted == 3)
            let batch = try #require(try await store.batch(id))
            #expect(batch.messages == 3)
            #expect(batch.statusCounts == [.queued: 3])
            #expect(batch.fileName == "a.csv")
            #expect(!batch.isTerminal)
            #expect(try await store.unfinishedFiles(drop: "acme").map(\.id) == [id])
        }
    }

    @Test(
        "A campaign's label, sender and schedule are kept with its batch; a plain file has none",
        arguments: StoreKind.allCases
    )
    func batchSettings(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let sendAt = Date(timeIntervalSince1970: 1_800_000_000)
            let settings = BatchSettings(
                label: "Natal",
                sender: "LOJA",
                sendAt: sendAt,
                sendUntil: sendAt.addingTimeInterval(3600)
            )
            let campaign = try await StoreFixture.claim("natal.campaign.json", size: 10, in: store)
            _ = try await store.ingest(fileID: campaign, drop: "acme", route: "sim", settings: settings) { writer in
                _ = try writer.insert(StoreFixture.draft(line: 2))
                let summary = IngestSummary(
                    layout: "base",
                    encoding: "utf-8",
                    rows: 2,
                    accepted: 1,
                    rejected: 0,
                    segments: 1
                )
                return .commit(summary, ())
            }
            let plain = try await StoreFixture.claim("a.csv", size: 10, in: store)
            _ = try await store.ingest(fileID: plain, drop: "acme", route: "sim") { writer in
                _ = try writer.insert(StoreFixture.draft(line: 2))
                let summary = IngestSummary(
                    layout: "base",
                    encoding: "utf-8",
                    rows: 2,
                    accepted: 1,
                    rejected: 0,
                    segments: 1
                )
                return .commit(summary, ())
            }
            #expect(try await store.batch(campaign)?.settings == settings)
            #expect(try await store.batch(plain)?.settings == BatchSettings())
        }
    }

    @Test("A rolled-back ingest leaves no message and no batch", arguments: StoreKind.allCases)
    func ingestRollback(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let id = try await StoreFixture.claim("a.csv", size: 10, in: store)
            let value = try await store.ingest(fileID: id, drop: "acme", route: "sim") { writer in
                _ = try writer.insert(StoreFixture.draft(line: 2))
                return .rollback(7)
            }
            #expect(value == 7)
            #expect(try await store.batch(id) == nil)
            let summary = IngestSummary(
                layout: "engage",
                encoding: "utf-8",
                rows: 5,
                accepted: 0,
                rejected: 5,
                segments: 0
            )
            try await store.recordRejection(
                of: id,
                summary: summary,
                errorCode: "FORMULA_IN_CELL",
                errorMessage: "x"
            )
            let file = try #require(try await store.file(id))
            #expect(file.outcome == .rejected)
            #expect(file.rejected == 5)
            #expect(file.errorCode == "FORMULA_IN_CELL")
        }
    }

    @Test(
        "Statuses: a terminal status is never overwritten, repeats change nothing, events are recorded in order",
        arguments: StoreKind.allCases
    )
    func statusUpdates(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let id = try await StoreFixture.claim("a.csv", size: 1, in: store)
            let ids = try await store.ingest(fileID: id, drop: "acme", route: "sim") { writer in
                let ids = [
                    try writer.insert(StoreFixture.draft(line: 2)),
                    try writer.insert(StoreFixture.draft(line: 3, destination: "5521987654321")),
                ]
                return .commit(
                    IngestSummary(layout: nil, encoding: nil, rows: 2, accepted: 2, rejected: 0, segments: 2),
                    ids
                )
            }
            #expect(try await store.updateStatus(messageID: ids[0], to: .submitted))
            #expect(try await store.updateStatus(messageID: ids[0], to: .delivered))
            #expect(try await !store.updateStatus(messageID: ids[0], to: .delivered))
            #expect(try await !store.updateStatus(messageID: ids[0], to: .submitted))
            #expect(try await store.cancelBatch(id) == 1)
            let last = try await store.lastEventSequence(batchID: id)
            let events = try await store.events(batchID: id, in: 1...last)
            #expect(events.map(\.status) == [.submitted, .delivered, .cancelled])
            #expect(events.map(\.messageID) == [ids[0], ids[0], ids[1]])
            #expect(events[2].destination == "5521987654321")
            let batch = try #require(try await store.batch(id))
            #expect(batch.isTerminal)
            #expect(batch.cancelledAt != nil)
        }
    }

    @Test("A publication intent recorded twice returns the first record", arguments: StoreKind.allCases)
    func publicationIntent(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let id = try await StoreFixture.claim("a.csv", size: 1, in: store)
            let first = try await store.recordPublicationIntent(
                fileID: id,
                kind: .dlr,
                number: 1,
                name: "a.csv.dlr.0001.csv",
                sequences: 1...5
            )
            let again = try await store.recordPublicationIntent(
                fileID: id,
                kind: .dlr,
                number: 1,
                name: "other",
                sequences: 1...9
            )
            #expect(again == first)
            try await store.recordPublished(fileID: id, kind: .dlr, number: 1, as: "a.csv.dlr.0001.csv")
            let all = try await store.publications(of: id)
            #expect(all.count == 1)
            #expect(all[0].isPublished)
            #expect(all[0].lastSequence == 5)
        }
    }

    @Test(
        "Duplicate detection finds an accepted file with the same hash inside the window only",
        arguments: StoreKind.allCases
    )
    func dedupe(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let first = try await StoreFixture.claim("a.csv", size: 1, in: store)
            try await store.recordDownload(of: first, size: 1, sha256: "h")
            _ = try await store.ingest(fileID: first, drop: "acme", route: "sim", at: Date(timeIntervalSince1970: 1000))
            { _ in
                .commit(IngestSummary(layout: nil, encoding: nil, rows: 0, accepted: 0, rejected: 0, segments: 0), 0)
            }
            let second = try await StoreFixture.claim("b.csv", size: 1, in: store)
            let found = try await store.acceptedFile(
                drop: "acme",
                sha256: "h",
                since: Date(timeIntervalSince1970: 500),
                excluding: second
            )
            #expect(found?.id == first)
            #expect(
                try await store.acceptedFile(
                    drop: "acme",
                    sha256: "h",
                    since: Date(timeIntervalSince1970: 2000),
                    excluding: second
                ) == nil
            )
            #expect(
                try await store.acceptedFile(
                    drop: "other",
                    sha256: "h",
                    since: Date(timeIntervalSince1970: 500),
                    excluding: second
                ) == nil
            )
        }
    }
}
