import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// Saved bases and campaign files in the store (contract §10), the same on each ``StoreKind``.
@Suite("Store: saved bases and campaigns")
struct BaseStoreTests {
    static let savedAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// The verdict of check `fileID` of `bases/<name>`: saved unless told.
    static func verdict(
        _ name: String,
        fileID: Int64,
        state: SavedBase.State = .saved,
        sha256: String = "h1",
        firstSavedAt: Date? = savedAt
    ) -> SavedBase {
        SavedBase(
            drop: "acme",
            name: name,
            fileID: fileID,
            state: state,
            sha256: sha256,
            size: 40,
            modification: 9,
            layout: "base",
            rows: 3,
            validRows: 2,
            rejectedRows: 1,
            reasons: ["PHONE_INVALID": 1],
            firstSavedAt: firstSavedAt,
            savedAt: savedAt,
            expiresAt: firstSavedAt?.addingTimeInterval(86_400)
        )
    }

    static let summary = IngestSummary(
        layout: "base",
        encoding: "utf-8",
        rows: 3,
        accepted: 2,
        rejected: 1,
        segments: 0
    )

    @Test(
        "A base's check is recorded as listed and its verdict kept by name, replaced by the next",
        arguments: StoreKind.allCases
    )
    func checkAndVerdict(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let check = try await store.recordBaseCheck(
                drop: "acme",
                name: "clientes.csv",
                remoteSize: 40,
                remoteModification: 9
            )
            let file = try #require(try await store.latestBaseCheck(drop: "acme", name: "clientes.csv"))
            #expect(file.id == check)
            #expect(file.kind == .base)
            #expect(file.isBase)
            #expect(file.stage == .claimed)
            #expect(file.processingName == "clientes.csv")
            #expect(file.remoteSize == 40)
            #expect(try await store.latestBaseCheck(drop: "acme", name: "outra.csv") == nil)
            #expect(try await store.savedBase(drop: "acme", name: "clientes.csv") == nil)

            let saved = Self.verdict("clientes.csv", fileID: check)
            try await store.recordBaseVerdict(saved, summary: Self.summary, rejection: nil)
            #expect(try await store.savedBase(drop: "acme", name: "clientes.csv") == saved)
            let judged = try #require(try await store.file(check))
            #expect(judged.stage == .ingested)
            #expect(judged.outcome == .accepted)
            #expect(judged.accepted == 2)
            #expect(judged.rejected == 1)
            #expect(judged.ingestedAt == Self.savedAt)

            // The content changes: a new check, rejected as a whole, replaces the verdict.
            let next = try await store.recordBaseCheck(
                drop: "acme",
                name: "clientes.csv",
                remoteSize: 50,
                remoteModification: 10
            )
            #expect(try await store.latestBaseCheck(drop: "acme", name: "clientes.csv")?.id == next)
            let rejected = Self.verdict("clientes.csv", fileID: next, state: .rejected, sha256: "h2", firstSavedAt: nil)
            try await store.recordBaseVerdict(rejected, summary: Self.summary, rejection: ("EMPTY", "vazia"))
            #expect(try await store.savedBase(drop: "acme", name: "clientes.csv") == rejected)
            let refused = try #require(try await store.file(next))
            #expect(refused.outcome == .rejected)
            #expect(refused.errorCode == "EMPTY")
            #expect(refused.errorMessage == "vazia")
            #expect(try await store.savedBases(drop: "acme").map(\.fileID) == [next])
        }
    }

    @Test(
        "Saved bases are listed by name; expiry marks only a saved one; a forgotten one is gone",
        arguments: StoreKind.allCases
    )
    func expireAndForget(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            for name in ["b.csv", "a.csv", "c.csv"] {
                let check = try await store.recordBaseCheck(
                    drop: "acme",
                    name: name,
                    remoteSize: 40,
                    remoteModification: 9
                )
                let state: SavedBase.State = name == "c.csv" ? .rejected : .saved
                let rejection: (code: String, message: String)? = state == .rejected ? ("EMPTY", "vazia") : nil
                try await store.recordBaseVerdict(
                    Self.verdict(name, fileID: check, state: state),
                    summary: Self.summary,
                    rejection: rejection
                )
            }
            let other = try await store.recordBaseCheck(
                drop: "outra",
                name: "a.csv",
                remoteSize: 1,
                remoteModification: 1
            )
            var elsewhere = Self.verdict("a.csv", fileID: other)
            elsewhere.drop = "outra"
            try await store.recordBaseVerdict(elsewhere, summary: Self.summary, rejection: nil)

            #expect(try await store.savedBases(drop: "acme").map(\.name) == ["a.csv", "b.csv", "c.csv"])
            try await store.markBaseExpired(drop: "acme", name: "a.csv")
            try await store.markBaseExpired(drop: "acme", name: "c.csv")
            #expect(try await store.savedBase(drop: "acme", name: "a.csv")?.state == .expired)
            #expect(try await store.savedBase(drop: "acme", name: "c.csv")?.state == .rejected, "not saved: left")
            #expect(try await store.savedBase(drop: "outra", name: "a.csv")?.state == .saved)
            try await store.forgetBase(drop: "acme", name: "b.csv")
            #expect(try await store.savedBase(drop: "acme", name: "b.csv") == nil)
            #expect(try await store.savedBases(drop: "acme").map(\.name) == ["a.csv", "c.csv"])
            #expect(try await store.savedBases(drop: "outra").count == 1)
        }
    }

    @Test(
        "A base's verdict records base.saved, or file.rejected for a rejected one, when the drop notifies",
        arguments: StoreKind.allCases
    )
    func verdictNotices(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            store.setNotifyingDrops(["acme"])
            let good = try await store.recordBaseCheck(
                drop: "acme",
                name: "a.csv",
                remoteSize: 40,
                remoteModification: 9
            )
            try await store.recordBaseVerdict(
                Self.verdict("a.csv", fileID: good),
                summary: Self.summary,
                rejection: nil
            )
            let bad = try await store.recordBaseCheck(
                drop: "acme",
                name: "b.csv",
                remoteSize: 40,
                remoteModification: 9
            )
            try await store.recordBaseVerdict(
                Self.verdict("b.csv", fileID: bad, state: .rejected, firstSavedAt: nil),
                summary: Self.summary,
                rejection: ("EMPTY", "vazia")
            )
            let notices = try await store.notices(drop: "acme")
            #expect(notices.map(\.id) == ["acme.base.saved.\(good)", "acme.file.rejected.\(bad)"])
            #expect(notices.map(\.event) == ["base.saved", "file.rejected"])
            #expect(notices.first?.body.contains("\"batch\":null") == true)
            #expect(notices.last?.body.contains("\"code\":\"EMPTY\"") == true)
        }
    }

    @Test(
        "A campaign's key finds an accepted campaign of the drop inside the window only",
        arguments: StoreKind.allCases
    )
    func campaignKey(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await StoreFixture.claim("natal.campaign.json", in: store)
            try await store.recordCampaignKey(of: first, "k1")
            let summary = IngestSummary(
                layout: "base",
                encoding: "utf-8",
                rows: 3,
                accepted: 2,
                rejected: 1,
                segments: 4
            )
            let at = Date(timeIntervalSince1970: 1000)
            try await store.recordValidatedOnly(of: first, summary: summary, at: at)
            let file = try #require(try await store.file(first))
            #expect(file.stage == .ingested)
            #expect(file.outcome == .accepted)
            #expect(file.segments == 4)
            #expect(file.accepted == 2)
            #expect(file.ingestedAt == at)

            let second = try await StoreFixture.claim("natal-2.campaign.json", in: store)
            try await store.recordCampaignKey(of: second, "k1")
            let since = Date(timeIntervalSince1970: 500)
            #expect(
                try await store.acceptedCampaign(drop: "acme", key: "k1", since: since, excluding: second)?.id == first
            )
            #expect(
                try await store.acceptedCampaign(drop: "acme", key: "k1", since: since, excluding: first) == nil,
                "not accepted yet"
            )
            let later = Date(timeIntervalSince1970: 2000)
            #expect(try await store.acceptedCampaign(drop: "acme", key: "k1", since: later, excluding: second) == nil)
            #expect(try await store.acceptedCampaign(drop: "acme", key: "k2", since: since, excluding: second) == nil)
            #expect(try await store.acceptedCampaign(drop: "outra", key: "k1", since: since, excluding: second) == nil)
        }
    }
}
