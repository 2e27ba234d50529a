import Foundation
import RemessaCore
import RemessaStore
import Testing

@Suite("A drop's template is only the fallback text (contract §2)", .serialized, .timeLimit(.minutes(3)))
struct TemplateFallbackDropTests {
    @Test("A drop whose template names a column its files lack takes files whose rows carry their own text")
    func filesWithTheirOwnText() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("parceiro")
        try "telefone;mensagem\n11987654321;Sua fatura vence amanhã\n21987654321;  \n".write(
            toFile: drop + "/inbox/mensagens.csv",
            atomically: true,
            encoding: .utf8
        )
        try "numero;texto;correlationId(opcional);\n5511900000001;Seu código é 4821;c-1;\nEOF\n".write(
            toFile: drop + "/inbox/PROJETO1.20261207.01.txt",
            atomically: true,
            encoding: .utf8
        )
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("parceiro", path: drop, extra: "    template: \"Oi @PrimeiroNome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        #expect(DaemonFixture.files(in: drop + "/archive") == ["PROJETO1.20261207.01.txt", "mensagens.csv"])
        #expect(DaemonFixture.files(in: drop + "/failed").isEmpty)
        let rows = try DaemonFixture.rows(drop + "/outbox/mensagens.csv.result.csv")
        // The row with its own text, then the one that fell back to the template.
        #expect(rows.map { $0[3] } == ["ACCEPTED", "REJECTED"])
        #expect(rows[1][4] == "MISSING_FIELD")
        #expect(rows[1][5].contains("PRIMEIRONOME"))
        let sinch = try DaemonFixture.rows(drop + "/outbox/PROJETO1.20261207.01.txt.result.csv")
        #expect(sinch.map { $0[3] } == ["ACCEPTED"])

        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let files = try await store.recentFiles(limit: 10)
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.outcome == .accepted })
        var messages = 0
        for file in files { messages += try #require(try await store.batch(file.id)).messages }
        #expect(messages == 2)
    }
}
