import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store: opt-out lists, replies and drop publications")
struct OptOutListTests {
    static let ana = "5511987654321"
    static let bia = "5521987654322"

    @Test(
        "Lists are separate: a number on one drop's list is not on another's, the log says list and source",
        arguments: StoreKind.allCases
    )
    func separateLists(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let acme = OptOutListName.own(drop: "acme")
            let loja = OptOutListName.own(drop: "loja")
            #expect(
                try await store.addSuppression([Self.ana], list: acme, actor: "c", reason: "", source: .client) == 1
            )
            #expect(
                try await store.addSuppression([Self.ana], list: acme, actor: "c", reason: "", source: .client) == 0
            )
            #expect(try await store.addSuppression([Self.bia], list: "bancos", actor: "op", reason: "") == 1)
            #expect(try await store.suppressedDestinations(lists: [acme, "global"]) == [Self.ana])
            #expect(try await store.suppressedDestinations(lists: [loja, "global"]).isEmpty)
            #expect(try await store.suppressedDestinations(lists: [loja, "bancos"]) == [Self.bia])
            #expect(try await store.suppressionLists() == [acme: [Self.ana], "bancos": [Self.bia]])
            #expect(try await store.suppression(Self.ana) == nil)
            #expect(try await store.suppressionCount(list: acme) == 1)

            #expect(try await store.removeSuppression([Self.ana], list: loja, actor: "op", reason: "") == 0)
            #expect(try await store.removeSuppression([Self.ana], list: acme, actor: "op", reason: "") == 1)
            let changes = try await store.suppressionChanges(list: acme, in: 1...Int64.max)
            #expect(changes.map(\.action) == [.added, .removed])
            #expect(changes.map(\.source) == [.client, .operator])
            #expect(try await store.lastSuppressionSequence(list: acme) == 3)
            #expect(try await store.lastSuppressionSequence(list: loja) == 0)
        }
    }

    @Test(
        "A reply is attributed to the last message submitted to its number through its route",
        arguments: StoreKind.allCases
    )
    func attribution(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let now = Date()
            let draft: @Sendable (Int) -> MessageDraft = { StoreFixture.draft(line: $0 + 2, destination: Self.ana) }
            let a = try await StoreFixture.acceptedBatch(
                "a.csv",
                drop: "a",
                route: "gw",
                count: 1,
                in: store,
                draft: draft
            )
            let b = try await StoreFixture.acceptedBatch(
                "b.csv",
                drop: "b",
                route: "gw",
                count: 1,
                in: store,
                draft: draft
            )
            let c = try await StoreFixture.acceptedBatch(
                "c.csv",
                drop: "c",
                route: "other",
                count: 1,
                in: store,
                draft: draft
            )
            #expect(
                try await store.lastSubmitted(to: Self.ana, route: "gw", since: now - 3600) == nil,
                "none submitted"
            )
            try await store.recordDispatch([.submitted(messageID: a.messages[0], providerID: nil)], at: now - 60)
            try await store.recordDispatch([.submitted(messageID: b.messages[0], providerID: nil)], at: now - 30)
            try await store.recordDispatch([.submitted(messageID: c.messages[0], providerID: nil)], at: now - 10)
            let last = try #require(try await store.lastSubmitted(to: Self.ana, route: "gw", since: now - 3600))
            #expect(last.drop == "b")
            #expect(last.messageID == b.messages[0])
            #expect(
                try await store.lastSubmitted(to: Self.ana, route: "gw", since: now - 20) == nil,
                "outside the window"
            )
            #expect(try await store.lastSubmitted(to: Self.bia, route: "gw", since: now - 3600) == nil)

            let (sequence, added) = try await store.recordReply(
                route: "gw",
                from: Self.ana,
                text: "SAIR",
                at: now,
                attribution: last,
                optOut: true
            )
            #expect(added)
            #expect(try await store.suppression(Self.ana, list: "drop:b") != nil)
            #expect(try await store.suppression(Self.ana, list: "drop:a") == nil)
            let stored = try await store.replies(drop: "b", in: sequence...sequence)
            #expect(stored.map(\.file) == ["b.csv"])
            #expect(stored.map(\.line) == [2])
            #expect(try await store.lastReplySequence(drop: "b") == sequence)
            #expect(try await store.lastReplySequence(drop: "a") == 0)
            // Unattributed: kept, no list changed, even for an opt-out word.
            let (_, none) = try await store.recordReply(
                route: "gw",
                from: Self.bia,
                text: "SAIR",
                at: now,
                attribution: nil,
                optOut: true
            )
            #expect(!none)
            #expect(try await store.suppressionLists().values.allSatisfy { !$0.contains(Self.bia) })
            let unattributed = try await store.replies(unattributed: true, limit: 10)
            #expect(unattributed.map(\.from) == [Self.bia])
            #expect(unattributed.first?.optOut == false)
        }
    }

    @Test(
        "A drop publication's intent is recorded once; a retry gets the same name and range",
        arguments: StoreKind.allCases
    )
    func dropPublicationIntent(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await store.recordDropPublicationIntent(
                drop: "acme",
                kind: .replies,
                number: 1,
                name: "replies.0001.csv",
                sequences: 1...4
            )
            let again = try await store.recordDropPublicationIntent(
                drop: "acme",
                kind: .replies,
                number: 1,
                name: "replies.0001.csv",
                sequences: 1...9
            )
            #expect(again == first)
            #expect(again.sequences == 1...4)
            try await store.recordDropPublished(drop: "acme", kind: .replies, number: 1, as: "replies.0001-1.csv")
            let records = try await store.dropPublications(drop: "acme", kind: .replies)
            #expect(records.map(\.publishedName) == ["replies.0001-1.csv"])
            #expect(try await store.dropPublications(drop: "acme", kind: .optouts).isEmpty)
        }
    }
}
