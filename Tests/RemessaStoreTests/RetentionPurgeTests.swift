import Foundation
import Synchronization
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store: retention purge")
struct RetentionPurgeTests {
    static let number = "5521912345678"
    static let text = "Segredo de teste 98765"
    static let correlation = "corr-XYZ-4242"
    static let clientCode = "CLI-77-ABC"

    static func draft(_ index: Int) -> MessageDraft {
        MessageDraft(
            line: index + 2,
            destination: index == 0 ? number : "55119876\(String(format: "%05d", index))",
            correlationID: index == 0 ? correlation : "c\(index)",
            priority: .media,
            text: index == 0 ? text : "Olá \(index)",
            encoding: .gsm7,
            segments: 1,
            clientCode: index == 0 ? clientCode : nil,
            tag: "vip"
        )
    }

    /// Whether `needle` occurs anywhere in the store's database file or its WAL.
    static func storeFilesContain(_ needle: String, directory: String) throws -> Bool {
        let bytes = Data(needle.utf8)
        for file in ["store.sqlite", "store.sqlite-wal"] {
            let path = directory + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            if try Data(contentsOf: URL(fileURLWithPath: path)).range(of: bytes) != nil { return true }
        }
        return false
    }

    /// Runs `body` with a new store of `kind` and, for SQLite, the directory of its files (to look for erased
    /// values in them; PostgreSQL's files are the server's).
    static func withStore(_ kind: StoreKind, _ body: (any Store, String?) async throws -> Void) async throws {
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "purge")
            defer { directory.remove() }
            try await body(SQLiteStore(directory: directory.path, access: .daemon), directory.path)
        case .postgres:
            try await kind.withStore { store in try await body(store, nil) }
        }
    }

    @Test(
        "A batch finished before the cutoff loses destinations, texts and ids, even from SQLite's files; counts stay",
        arguments: StoreKind.allCases
    )
    func purgeErasesFromTheFiles(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, directory in
            let old = Date() - 40 * 86400
            let (batch, ids) = try await StoreFixture.acceptedBatch(
                "old.csv",
                count: 2500,
                in: store,
                at: old,
                draft: Self.draft
            )
            for id in ids {
                try await store.updateStatus(messageID: id, to: .submitted, at: old)
                try await store.updateStatus(messageID: id, to: .delivered, at: old)
            }
            try await store.recordBatchFinished(batch, at: old)
            // A batch still sending keeps everything, and the opt-out list is never purged.
            let (open, _) = try await StoreFixture.acceptedBatch("open.csv", count: 3, in: store, at: old)
            try await store.addSuppression([Self.number], actor: "operator", reason: "test")

            if let directory {
                for needle in [Self.text, Self.correlation, Self.clientCode] {
                    #expect(try Self.storeFilesContain(needle, directory: directory), "\(needle) is there before")
                }
            }
            let due = try await store.purgeableBatches(drop: "acme", finishedBefore: Date() - 30 * 86400)
            #expect(due.map(\.id) == [batch])
            #expect(try await store.purgeableBatches(drop: "acme", finishedBefore: old - 60).isEmpty)

            let purge = try await store.purgeMessages(of: batch, chunk: 500)
            #expect(purge.messages == 2500)
            #expect(purge.transactions == 5)
            #expect(try await store.checkpointAfterPurge())

            if let directory {
                for needle in [Self.text, Self.correlation, Self.clientCode, "Olá 2499"] {
                    #expect(!(try Self.storeFilesContain(needle, directory: directory)), "\(needle) is erased")
                }
            }
            let erased = try await store.messages(batchID: batch, statuses: [.delivered], limit: 3000)
            #expect(erased.count == 2500)
            #expect(erased.allSatisfy { $0.destination.isEmpty && $0.text.isEmpty })
            #expect(erased.allSatisfy { $0.correlationID == nil && $0.clientCode == nil && $0.tag == nil })
            // The number is only on the opt-out list now.
            #expect(try await store.suppression(Self.number) != nil)
            let record = try #require(try await store.batch(batch))
            #expect(record.statusCounts == [.delivered: 2500])
            #expect(record.messages == 2500)
            #expect(try await store.events(batchID: batch, in: 1...Int64.max).count == 5000)
            #expect(try await store.purgeableBatches(drop: "acme", finishedBefore: Date()).isEmpty, "marked purged")
            let openTexts = TextCollector()
            try await store.forEachMessage(batchID: open) { openTexts.append($0.text) }
            #expect(openTexts.values == ["Olá 2", "Olá 3", "Olá 4"])
            // Repeating a purge changes nothing.
            #expect(try await store.purgeMessages(of: batch).messages == 0)
        }
    }

    @Test(
        "Old replies lose number and text once a published replies file has them; unattributed ones after the cutoff",
        arguments: StoreKind.allCases
    )
    func purgeReplies(kind: StoreKind) async throws {
        try await Self.withStore(kind) { store, directory in
            let old = Date() - 40 * 86400
            let acme = ReplyAttribution(drop: "acme", messageID: 1, submittedAt: old)
            let published = try await store.recordReply(
                route: "gw",
                from: "5521900000001",
                text: "Velha publicada",
                at: old,
                attribution: acme,
                optOut: true
            )
            let unpublished = try await store.recordReply(
                route: "gw",
                from: "5521900000002",
                text: "Velha sem arquivo",
                at: old,
                attribution: acme,
                optOut: false
            )
            _ = try await store.recordReply(
                route: "gw",
                from: "5521900000003",
                text: "Recente",
                at: Date(),
                attribution: acme,
                optOut: false
            )
            _ = try await store.recordReply(
                route: "gw",
                from: "5521900000004",
                text: "Sem dono",
                at: old,
                attribution: nil,
                optOut: false
            )
            _ = try await store.recordDropPublicationIntent(
                drop: "acme",
                kind: .replies,
                number: 1,
                name: "replies.0001.csv",
                sequences: published.sequence...published.sequence
            )
            // An intent not yet published protects its range: a retry must upload the same rows.
            _ = try await store.recordDropPublicationIntent(
                drop: "acme",
                kind: .replies,
                number: 2,
                name: "replies.0002.csv",
                sequences: unpublished.sequence...unpublished.sequence
            )
            let cutoff = Date() - 30 * 86400
            #expect(try await store.purgeReplies(drop: "acme", receivedBefore: cutoff) == 0)
            try await store.recordDropPublished(drop: "acme", kind: .replies, number: 1, as: "replies.0001.csv")
            #expect(try await store.purgeReplies(drop: "acme", receivedBefore: cutoff, dryRun: true) == 1)
            #expect(try await store.purgeReplies(drop: "acme", receivedBefore: cutoff) == 1)
            #expect(try await store.purgeReplies(drop: nil, receivedBefore: cutoff) == 1)
            #expect(
                try await store.purgeReplies(drop: "acme", receivedBefore: cutoff) == 0,
                "repeating changes nothing"
            )
            #expect(try await store.checkpointAfterPurge())

            let left = try await store.replies(limit: 10).map(\.text).sorted()
            #expect(left == ["", "", "Recente", "Velha sem arquivo"])
            // "Velha publicada" is an opt-out: the list's history keeps the start of its text as the reason.
            if let directory {
                for needle in ["Sem dono", "5521900000004"] {
                    #expect(!(try Self.storeFilesContain(needle, directory: directory)), "\(needle) is erased")
                }
            }
            // The opt-out the erased reply made stays on the list, with its history.
            let list = try await store.suppressions(list: OptOutListName.own(drop: "acme"), limit: 10)
            #expect(list.map(\.destination) == ["5521900000001"])
        }
    }
}

/// A collector for `forEachMessage`'s sendable closure.
final class TextCollector: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}
