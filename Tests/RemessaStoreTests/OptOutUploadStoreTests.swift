import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store: client opt-out uploads")
struct OptOutUploadStoreTests {
    static let ana = "5511987654321"
    static let bia = "5521987654322"

    static func summary(rows: Int, applied: Int) -> IngestSummary {
        IngestSummary(
            layout: nil,
            encoding: "utf-8",
            rows: rows,
            accepted: applied,
            rejected: rows - applied,
            segments: 0
        )
    }

    @Test(
        "An upload is applied in file order with its verdict, once: a repeated step after a crash changes nothing",
        arguments: StoreKind.allCases
    )
    func appliedOnce(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let id = try await store.recordClaimIntent(
                drop: "acme",
                name: "bloqueio.csv",
                processingName: "bloqueio.csv",
                remoteSize: 10,
                remoteModification: 1,
                kind: .optout
            )
            try await store.setStage(.claimed, of: id)
            try await store.recordDownload(of: id, size: 10, sha256: "h")
            #expect(try await store.file(id)?.kind == .optout)
            let changes: [(number: String, action: OptOutUploadAction)] = [
                (Self.ana, .add), (Self.bia, .add), (Self.bia, .remove), (Self.ana, .add),
            ]
            let list = OptOutListName.own(drop: "acme")
            let first = try await store.recordOptOutUpload(
                fileID: id,
                list: list,
                changes: changes,
                summary: Self.summary(rows: 5, applied: 4),
                actor: "client",
                reason: "optout/bloqueio.csv"
            )
            #expect(first == OptOutUploadChanges(added: 2, removed: 1, applied: true))
            let again = try await store.recordOptOutUpload(
                fileID: id,
                list: list,
                changes: changes,
                summary: Self.summary(rows: 5, applied: 4),
                actor: "client",
                reason: "optout/bloqueio.csv"
            )
            #expect(again == OptOutUploadChanges(added: 0, removed: 0, applied: false))

            #expect(try await store.suppressions(list: list, limit: 10).map(\.destination) == [Self.ana])
            let history = try await store.suppressionHistory(Self.bia, list: list)
            #expect(history.map(\.action) == [.added, .removed])
            #expect(history.allSatisfy { $0.source == .client && $0.actor == "client" })
            #expect(try await store.suppressionHistory(Self.ana, list: list).count == 1)
            let file = try #require(try await store.file(id))
            #expect(file.stage == .ingested && file.outcome == .accepted)
            #expect(file.rows == 5 && file.accepted == 4 && file.rejected == 1)
            // Not an inbox file: never a duplicate of one, never a list but the drop's own.
            #expect(try await store.suppressionCount() == 0)
        }
    }
}
