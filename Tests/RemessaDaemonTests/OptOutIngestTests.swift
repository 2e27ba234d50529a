import Foundation
import InMemoryLogging
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaStore
import RemessaTesting
import Testing

@Suite("Daemon: the suppression list at ingestion", .serialized, .timeLimit(.minutes(2)))
struct OptOutIngestTests {
    @Test("A suppressed number in a dropped file is an OPTED_OUT row of its result file and never a message")
    func optedOutRow() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        // The daemon made the store on an earlier run; an operator put a number on the list since.
        do {
            let store = try SQLiteStore(directory: fixture.statePath, access: .daemon)
            try await store.addSuppression(["5521987654322"], actor: "maria", reason: "pediu por SAC")
        }
        let content = "telefone;nome\n11987654321;Ana\n(21) 98765-4322;Bia\n31987654323;Cid\n21987654322;Bia\n"
        try content.write(toFile: acme + "/inbox/promo.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        #expect(DaemonFixture.files(in: acme + "/archive") == ["promo.csv"])
        let rows = try DaemonFixture.rows(acme + "/outbox/promo.csv.result.csv")
        #expect(rows.map { $0[1] } == ["5511987654321", "5521987654322", "5531987654323", "5521987654322"])
        #expect(rows.map { $0[3] } == ["ACCEPTED", "REJECTED", "ACCEPTED", "REJECTED"])
        #expect(rows.map { $0[4] } == ["", "OPTED_OUT", "", "OPTED_OUT"])
        #expect(rows[1][5].contains("lista de opt-out"))
        #expect(rows[0].count > 6 && !rows[0][6].isEmpty, "an accepted row has its message id")

        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let file = try #require(try await store.recentFiles(limit: 10).first)
        #expect(file.rejected == 2)
        let batch = try #require(try await store.batch(file.id))
        #expect(batch.messages == 2)
        let messages = try await store.messages(batchID: batch.id, statuses: MessageStatus.allCases, limit: 10)
        #expect(messages.map(\.destination) == ["5511987654321", "5531987654323"])
        // Log hygiene: the suppressed number never reaches the logs in full.
        let logs = fixture.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logs.contains("5521987654322"))
    }

    @Test("Taking a number off the list lets the next file send to it")
    func removedNumber() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        do {
            let store = try SQLiteStore(directory: fixture.statePath, access: .daemon)
            try await store.addSuppression(["5511987654321", "5521987654322"], actor: "maria", reason: "SAC")
            try await store.removeSuppression(["5511987654321"], actor: "joao", reason: "voltou a aceitar")
        }
        try "telefone\n11987654321\n21987654322\n".write(
            toFile: acme + "/inbox/b.csv",
            atomically: true,
            encoding: .utf8
        )
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let rows = try DaemonFixture.rows(acme + "/outbox/b.csv.result.csv")
        #expect(rows.map { $0[4] } == ["", "OPTED_OUT"])
    }
}
