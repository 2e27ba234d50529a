import Foundation
import RemessaCore
import Testing

@Suite("The final file's text, sender, campaign and client columns", .serialized, .timeLimit(.minutes(3)))
struct FinalFileColumnsTests {
    /// A simulator route with a sender that delivers everything.
    static let routeYAML = """
        routes:
          sim:
            provider: simulator
            sender: ACME
            rate: 2000
            simulator:
              delivered: 1.0
              submitLatency: 1ms
              dlrDelay: 10ms

        """

    @Test("An Engage file's CODCLIENTE and TAG, the text sent and the route's sender follow done_at")
    func engageColumns() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("cobranca")
        try """
        TIPO_DE_REGISTRO;VALOR_DO_REGISTRO;MENSAGEM;NOME_CLIENTE;CPFCNPJ;CODCLIENTE;TAG;CORINGA1;CORINGA2;CORINGA3;CORINGA4;CORINGA5;PRIORIDADE
        TELEFONE;11987651234;Oi @PrimeiroNome;ANA PAULA;;C001;cobranca;;;;;;ALTA
        TELEFONE;21998761234;Acordo @Coringa1;Bruno;;;;AC-9;;;;;MEDIA

        """.write(toFile: drop + "/inbox/publico.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            Self.routeYAML + "drops:\n" + localDropYAML("cobranca", path: drop, extra: "    stateWindows: {}")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let path = drop + "/outbox/publico.csv.final.csv"
        #expect(try DaemonFixture.text(path).contains("done_at;text;sender;campaign;client_code;tag\r\n"))
        #expect(FinalFile.columns.suffix(6) == ["done_at", "text", "sender", "campaign", "client_code", "tag"])
        let rows = try DaemonFixture.rows(path)
        #expect(rows.count == 2)
        #expect(rows.first.map { Array($0.suffix(5)) } == ["Oi Ana", "ACME", "", "C001", "cobranca"])
        #expect(rows.last.map { Array($0.suffix(5)) } == ["Acordo AC-9", "ACME", "", "", ""])
    }

    @Test("A base file's CODCLIENTE and TAG columns are carried; reportText: false leaves the text empty")
    func baseColumnsWithoutText() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try "telefone;mensagem;codcliente;Tag\n11987654321;Seu código é 1234;K-1;vip\n".write(
            toFile: drop + "/inbox/base.csv",
            atomically: true,
            encoding: .utf8
        )
        let configuration = try fixture.configuration(
            Self.routeYAML + "drops:\n"
                + localDropYAML("acme", path: drop, extra: "    stateWindows: {}\n    reportText: false")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let rows = try DaemonFixture.rows(drop + "/outbox/base.csv.final.csv")
        #expect(rows.count == 1)
        #expect(rows.first?[4] == "DELIVERED")
        #expect(rows.first.map { Array($0.suffix(5)) } == ["", "ACME", "", "K-1", "vip"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: drop + "/outbox/base.csv.final.csv"))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("1234"), "the text is not in the file")
    }
}
