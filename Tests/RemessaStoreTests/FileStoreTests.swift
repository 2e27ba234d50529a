import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// A claimed file's recorded steps (``FileStore``), the same on each ``StoreKind``; and the claim two nodes race
/// for on PostgreSQL.
@Suite("Store: files and claims")
struct FileStoreTests {
    static let summary = IngestSummary(
        layout: "base",
        encoding: "utf-8",
        rows: 5,
        accepted: 0,
        rejected: 5,
        segments: 0
    )

    @Test(
        "A file's steps are recorded: claim, download, move intent, done; unfinished and recent files follow",
        arguments: StoreKind.allCases
    )
    func stages(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let claimedAt = Date(timeIntervalSince1970: 1_700_000_000)
            let (id, processing) = try await store.recordClaimIntent(
                drop: "acme",
                name: "a.csv",
                processingName: { "\($0)-a.csv" },
                remoteSize: 10,
                remoteModification: 7,
                at: claimedAt
            )
            #expect(processing == "\(id)-a.csv")
            var file = try #require(try await store.file(id))
            #expect(file.stage == .claiming)
            #expect(file.processingName == processing)
            #expect(file.drop == "acme")
            #expect(file.name == "a.csv")
            #expect(file.remoteSize == 10)
            #expect(file.remoteModification == 7)
            #expect(file.claimedAt == claimedAt)
            #expect(file.kind == .inbox)
            #expect(file.outcome == nil)
            #expect(file.doneAt == nil)

            try await store.setStage(.claimed, of: id)
            try await store.recordDownload(of: id, size: 12, sha256: "abc")
            file = try #require(try await store.file(id))
            #expect(file.stage == .downloaded)
            #expect(file.size == 12)
            #expect(file.sha256 == "abc")
            try await store.recordMoveIntent(of: id, to: "archive/a.csv")
            file = try #require(try await store.file(id))
            #expect(file.stage == .moving)
            #expect(file.movedTo == "archive/a.csv")
            #expect(file.doneAt == nil)

            let other = try await StoreFixture.claim("b.csv", in: store)
            let elsewhere = try await StoreFixture.claim("c.csv", drop: "outra", in: store)
            #expect(try await store.unfinishedFiles(drop: "acme").map(\.id) == [id, other])
            let doneAt = Date(timeIntervalSince1970: 1_700_000_100)
            try await store.setStage(.done, of: id, at: doneAt)
            try await store.setStage(.vanished, of: other, at: doneAt)
            #expect(try await store.file(id)?.doneAt == doneAt)
            #expect(try await store.file(other)?.doneAt == doneAt)
            #expect(try await store.unfinishedFiles(drop: "acme").isEmpty)
            #expect(try await store.unfinishedFiles(drop: "outra").map(\.id) == [elsewhere])

            #expect(try await store.recentFiles().map(\.id) == [elsewhere, other, id])
            #expect(try await store.recentFiles(drop: "acme").map(\.id) == [other, id])
            #expect(try await store.recentFiles(drop: nil, limit: 1).map(\.id) == [elsewhere])
            #expect(try await store.file(elsewhere + 100) == nil)
        }
    }

    @Test("A whole-file rejection keeps its counts and first reason", arguments: StoreKind.allCases)
    func rejection(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let id = try await StoreFixture.claim("a.csv", in: store)
            let at = Date(timeIntervalSince1970: 1_700_000_000)
            try await store.recordRejection(
                of: id,
                summary: Self.summary,
                errorCode: "FORMULA_IN_CELL",
                errorMessage: "x",
                at: at
            )
            let file = try #require(try await store.file(id))
            #expect(file.stage == .ingested)
            #expect(file.outcome == .rejected)
            #expect(file.layout == "base")
            #expect(file.encoding == "utf-8")
            #expect(file.rows == 5)
            #expect(file.accepted == 0)
            #expect(file.rejected == 5)
            #expect(file.errorCode == "FORMULA_IN_CELL")
            #expect(file.errorMessage == "x")
            #expect(file.ingestedAt == at)
        }
    }

    @Test("A rejection records its notice when the drop notifies, and only then", arguments: StoreKind.allCases)
    func rejectionNotice(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            store.setNotifyingDrops(["acme"])
            let id = try await StoreFixture.claim("a.csv", in: store)
            let quiet = try await StoreFixture.claim("a.csv", drop: "outra", in: store)
            for file in [id, quiet] {
                try await store.recordRejection(of: file, summary: Self.summary, errorCode: "EMPTY", errorMessage: "x")
            }
            let notices = try await store.notices()
            #expect(notices.map(\.id) == ["acme.file.rejected.\(id)"])
            #expect(notices.first?.event == "file.rejected")
            let body = try #require(notices.first?.body)
            #expect(body.contains("\"code\":\"EMPTY\""))
            #expect(body.contains("\"file\":\"a.csv\""))
        }
    }

    @Test(
        "An accepted inbox file with the same content is found inside the window only; a base's check is not",
        arguments: StoreKind.allCases
    )
    func acceptedFile(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let accepted = IngestSummary(
                layout: "base",
                encoding: "utf-8",
                rows: 1,
                accepted: 1,
                rejected: 0,
                segments: 1
            )
            let at = Date(timeIntervalSince1970: 1000)
            let base = try await store.recordBaseCheck(
                drop: "acme",
                name: "a.csv",
                remoteSize: 1,
                remoteModification: 1
            )
            try await store.recordDownload(of: base, size: 1, sha256: "h")
            try await store.recordValidatedOnly(of: base, summary: accepted, at: at)
            let rejected = try await StoreFixture.claim("r.csv", in: store)
            try await store.recordDownload(of: rejected, size: 1, sha256: "h")
            try await store.recordRejection(of: rejected, summary: Self.summary, errorCode: "EMPTY", errorMessage: "x")
            let second = try await StoreFixture.claim("b.csv", in: store)
            let since = Date(timeIntervalSince1970: 500)
            #expect(try await store.acceptedFile(drop: "acme", sha256: "h", since: since, excluding: second) == nil)

            let first = try await StoreFixture.claim("a.csv", in: store)
            try await store.recordDownload(of: first, size: 1, sha256: "h")
            try await store.recordValidatedOnly(of: first, summary: accepted, at: at)
            #expect(
                try await store.acceptedFile(drop: "acme", sha256: "h", since: since, excluding: second)?.id == first
            )
            #expect(try await store.acceptedFile(drop: "acme", sha256: "h", since: since, excluding: first) == nil)
            let later = Date(timeIntervalSince1970: 2000)
            #expect(try await store.acceptedFile(drop: "acme", sha256: "h", since: later, excluding: second) == nil)
            #expect(try await store.acceptedFile(drop: "outra", sha256: "h", since: since, excluding: second) == nil)
            #expect(try await store.acceptedFile(drop: "acme", sha256: "g", since: since, excluding: second) == nil)
        }
    }

    @Test(
        "A second claim of a file still in stage claiming is refused; another folder, drop or a finished claim is not",
        arguments: StoreKind.allCases
    )
    func claimInProgress(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await StoreFixture.claim("a.csv", in: store)
            let refused = await #expect(throws: StoreError.self) {
                try await StoreFixture.claim("a.csv", in: store)
            }
            #expect(refused?.code == .claimInProgress)
            let optout = try await store.recordClaimIntent(
                drop: "acme",
                name: "a.csv",
                processingName: "a.csv",
                remoteSize: 1,
                remoteModification: 1,
                kind: .optout
            )
            let elsewhere = try await StoreFixture.claim("a.csv", drop: "outra", in: store)
            #expect(Set([first, optout, elsewhere]).count == 3)
            // The claim's rename happened: a new upload of the same name is a new file.
            try await store.setStage(.claimed, of: first)
            let again = try await StoreFixture.claim("a.csv", in: store)
            #expect(again > elsewhere)
            try await store.setStage(.vanished, of: again)
            #expect(try await StoreFixture.claim("a.csv", in: store) > again)
            #expect(try await store.recentFiles(drop: "acme").count == 4)
        }
    }

    @Test("Two nodes claiming the same file at once: exactly one claim wins, each of many times")
    func claimRace() async throws {
        try await StoreKind.withTwoPostgresNodes { first, second in
            for round in 0..<40 {
                // Two claims from each node at once, of the upload listed in this round.
                let outcomes = try await withThrowingTaskGroup(of: Int64?.self) { group in
                    for store in [first, second, first, second] {
                        group.addTask { try await Self.claimOrRefusal("a.csv", in: store) }
                    }
                    return try await group.reduce(into: [Int64?]()) { $0.append($1) }
                }
                let winners = outcomes.compactMap { $0 }
                #expect(winners.count == 1, "round \(round)")
                let winner = try #require(winners.first)
                let file = try #require(try await second.file(winner))
                #expect(file.stage == .claiming)
                #expect(file.processingName == "\(winner)-a.csv")
                // Its rename happened: the next round is the next upload of the same name.
                try await first.setStage(.claimed, of: winner)
            }
            #expect(try await first.recentFiles(drop: "acme", limit: 100).count == 40)
            #expect(try await second.unfinishedFiles(drop: "acme").allSatisfy { $0.stage == .claimed })
        }
    }

    /// The id of a claim of `name` in `store`, or nil when another claim of it was in progress.
    static func claimOrRefusal(_ name: String, in store: any Store) async throws -> Int64? {
        do {
            return try await store.recordClaimIntent(
                drop: "acme",
                name: name,
                processingName: { "\($0)-\(name)" },
                remoteSize: 1,
                remoteModification: 1
            ).id
        } catch let error as StoreError where error.code == .claimInProgress {
            return nil
        }
    }
}
