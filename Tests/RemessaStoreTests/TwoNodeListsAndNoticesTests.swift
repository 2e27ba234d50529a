import Foundation
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaStore

/// What two nodes on one PostgreSQL database race for in publications, opt-out lists and notices.
@Suite("Store: two PostgreSQL nodes on publications, opt-out lists and notices")
struct TwoNodeListsAndNoticesTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("Two nodes recording the same publication intents at once both get the first record of each")
    func publicationIntentRace() async throws {
        try await StoreKind.withTwoPostgresNodes { a, b in
            let file = try await StoreFixture.claim("a.csv", in: a)
            for number in 1...20 {
                async let first = a.recordDropPublicationIntent(
                    drop: "acme",
                    kind: .replies,
                    number: number,
                    name: "a-\(number)",
                    sequences: 1...Int64(number)
                )
                async let second = b.recordDropPublicationIntent(
                    drop: "acme",
                    kind: .replies,
                    number: number,
                    name: "b-\(number)",
                    sequences: 1...100
                )
                let (x, y) = try await (first, second)
                #expect(x == y)
                async let third = a.recordPublicationIntent(
                    fileID: file,
                    kind: .dlr,
                    number: number,
                    name: "a-\(number)"
                )
                async let fourth = b.recordPublicationIntent(
                    fileID: file,
                    kind: .dlr,
                    number: number,
                    name: "b-\(number)"
                )
                let (z, w) = try await (third, fourth)
                #expect(z == w)
            }
            #expect(try await a.dropPublications(drop: "acme", kind: .replies).count == 20)
            #expect(try await b.publications(of: file).map(\.number) == Array(1...20))
        }
    }

    @Test("Two nodes adding the same numbers at once add and log each number once")
    func addRace() async throws {
        try await StoreKind.withTwoPostgresNodes { a, b in
            let numbers = (0..<200).map { "5511900\(String(format: "%06d", $0))" }
            async let first = a.addSuppression(numbers, actor: "a", reason: "import")
            async let second = b.addSuppression(numbers.reversed(), actor: "b", reason: "import")
            let (x, y) = try await (first, second)
            #expect(x + y == 200)
            #expect(x == 0 || y == 0, "one transaction, one node's")
            #expect(try await a.suppressionCount() == 200)
            #expect(try await b.suppressionVersion() == 200)
            let history = try await b.suppressionHistory(numbers[17])
            #expect(history.count == 1)
        }
    }

    @Test("A reader of the lists on one node never misses a change the other node committed before its version")
    func versionMovesWithEveryNode() async throws {
        try await StoreKind.withTwoPostgresNodes { a, b in
            let before = try await a.suppressionVersion()
            try await b.addSuppression(["5511911111111"], list: "drop:acme", actor: "b", reason: "x")
            #expect(try await a.suppressionVersion() > before)

            // Writers on both nodes, and a reader that loads the lists whenever the version moved (as the
            // dispatcher's cache does): every change logged at or below a version it read is in what it loaded.
            let observations = Observations()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, node) in [a, b, a, b].enumerated() {
                    group.addTask {
                        for step in 0..<15 {
                            let number = "55119\(index)\(String(format: "%07d", step))"
                            try await node.addSuppression([number], list: "drop:acme", actor: "n\(index)", reason: "x")
                            if step % 3 == 2 {
                                try await node.removeSuppression([number], list: "drop:acme", actor: "n", reason: "y")
                            }
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<40 {
                        let version = try await a.suppressionVersion()
                        let lists = try await a.suppressionLists()
                        observations.append(version, lists)
                    }
                }
                try await group.waitForAll()
            }
            let log = try await a.suppressionChanges(list: "drop:acme", in: 1...Int64.max)
            // The first number, then 15 additions and 5 removals by each of the four writers.
            let expectedChanges = 81
            #expect(log.count == expectedChanges)
            for observation in observations.values {
                // The list as the log up to the version says it must be.
                var expected = Set<String>()
                for change in log where change.sequence <= observation.version {
                    switch change.action {
                    case .added: expected.insert(change.destination)
                    case .removed: expected.remove(change.destination)
                    }
                }
                let loaded = observation.lists["drop:acme"] ?? []
                #expect(expected.isSubset(of: loaded.union(Self.removedLater(log, after: observation.version))))
            }
            let versions = observations.values.map(\.version)
            #expect(versions == versions.sorted(), "the version only grows")
        }
    }

    /// The numbers removed by changes after `version`: a reader may have loaded the lists after their removal.
    static func removedLater(_ log: [SuppressionLogEntry], after version: Int64) -> Set<String> {
        Set(log.filter { $0.sequence > version && $0.action == .removed }.map(\.destination))
    }

    @Test("Two nodes asking for due notices at once never get the same one; a claim runs out if never answered")
    func noticeClaims() async throws {
        try await StoreKind.withTwoPostgresNodes { a, b in
            a.setNotifyingDrops(["acme"])
            for key in 1...30 {
                try await a.recordNotice(
                    .baseSaved,
                    drop: "acme",
                    key: Int64(key),
                    file: "f",
                    counts: [],
                    at: Self.start
                )
            }
            async let first = a.dueNotices(at: Self.start, limit: 20)
            async let second = b.dueNotices(at: Self.start, limit: 20)
            let (x, y) = try await (first, second)
            #expect(x.count + y.count == 30)
            #expect(Set(x.map(\.id)).isDisjoint(with: y.map(\.id)))
            #expect(try await a.dueNotices(at: Self.start + 30).isEmpty, "claimed by a node")

            // One node delivers its notices and dies before answering for the others: they come due again.
            for notice in x { try await a.recordNoticeDelivered(notice.id, at: Self.start + 1) }
            let again = try await a.dueNotices(at: Self.start + 61, limit: 100)
            #expect(Set(again.map(\.id)) == Set(y.map(\.id)))
            #expect(again.allSatisfy { $0.attempts == 0 })
        }
    }

    @Test("An opt-out upload two nodes apply at once is applied once")
    func optOutUploadRace() async throws {
        try await StoreKind.withTwoPostgresNodes { a, b in
            let id = try await a.recordClaimIntent(
                drop: "acme",
                name: "bloqueio.csv",
                processingName: "bloqueio.csv",
                remoteSize: 10,
                remoteModification: 1,
                kind: .optout
            )
            try await a.setStage(.claimed, of: id)
            try await a.recordDownload(of: id, size: 10, sha256: "h")
            let changes: [(number: String, action: OptOutUploadAction)] = [
                ("5511987654321", .add), ("5521987654322", .add),
            ]
            let summary = IngestSummary(layout: nil, encoding: "utf-8", rows: 2, accepted: 2, rejected: 0, segments: 0)
            let list = OptOutListName.own(drop: "acme")
            async let first = a.recordOptOutUpload(
                fileID: id,
                list: list,
                changes: changes,
                summary: summary,
                actor: "client",
                reason: "optout/bloqueio.csv"
            )
            async let second = b.recordOptOutUpload(
                fileID: id,
                list: list,
                changes: changes,
                summary: summary,
                actor: "client",
                reason: "optout/bloqueio.csv"
            )
            let (x, y) = try await (first, second)
            #expect([x.applied, y.applied].filter { $0 }.count == 1)
            #expect(x.added + y.added == 2)
            #expect(try await a.lastSuppressionSequence(list: list) == 2)
        }
    }
}

/// What the reader of ``TwoNodeListsAndNoticesTests/versionMovesWithEveryNode()`` saw, from its task.
final class Observations: Sendable {
    private let storage = Mutex<[(version: Int64, lists: [String: Set<String>])]>([])
    func append(_ version: Int64, _ lists: [String: Set<String>]) { storage.withLock { $0.append((version, lists)) } }
    var values: [(version: Int64, lists: [String: Set<String>])] { storage.withLock { $0 } }
}
