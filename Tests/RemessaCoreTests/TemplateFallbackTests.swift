import RemessaCore
import Testing

/// The drop's template is only the text of rows without their own (contract §2): a file whose rows carry
/// their message is never rejected because the template names a column the file lacks.
@Suite struct TemplateFallbackTests {
    @Test func aBaseFileWhoseRowsCarryTheirTextIsAccepted() {
        let (summary, rows) = validate(
            "telefone;mensagem\n11987654321;Sua fatura vence amanhã\n11987654322;Seu código é 4821\n",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.isAccepted)
        #expect(summary.accepted == 2)
        #expect(rows.map(\.message?.text) == ["Sua fatura vence amanha", "Seu codigo é 4821"])
    }

    @Test func aSinchFileIsAccepted() {
        let template = options(template: "Oi @PrimeiroNome")
        let headed = validate(
            "numero;texto;correlationId(opcional);\r\n5511900000001;Fatura;f-1;\r\n5521988887777;Código;;\r\nEOF\r\n",
            name: "PROJETO1.20261121.01.txt",
            options: template
        )
        #expect(headed.summary.isAccepted)
        #expect(headed.summary.accepted == 2)
        let headerless = validate(
            "5511900000002;Mensagem 1;;\n5511900000003;Mensagem 2;id-3;\nEOF\n",
            name: "x.txt",
            options: template
        )
        #expect(headerless.summary.layout == .sinch)
        #expect(headerless.summary.isAccepted)
        #expect(headerless.rows.map(\.message?.text) == ["Mensagem 1", "Mensagem 2"])
    }

    @Test func onlyRowsThatFallBackAreRejected() throws {
        let (summary, rows) = validate(
            "telefone;mensagem\n11987654321;Olá\n11987654322;  \n11987654323;Tchau\n",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.isAccepted)
        #expect(rows.map(\.rejection?.code) == [nil, .missingField, nil])
        let rejection = try #require(rows[1].rejection)
        #expect(rejection.field == "mensagem")
        #expect(rejection.detail == "UNKNOWN_PLACEHOLDER")
        #expect(rejection.sentence.ptBR.contains("PRIMEIRONOME"))
        #expect(rejection.sentence.ptBR.contains("mensagem está vazia"))
        #expect(rejection.sentence.en.contains("PRIMEIRONOME (position 4)"))
        #expect(rejection.sentence.en.contains("no such column"))
        #expect(summary.reasons == [.missingField: 1])
    }

    @Test func anUnknownBracedFieldNamesItselfInTheRow() throws {
        let (_, rows) = validate(
            "telefone;mensagem\n11987654321;\n11987654322;Oi\n",
            options: options(template: "Oi {{apelido}}")
        )
        let rejection = try #require(rows[0].rejection)
        #expect(rejection.code == .missingField)
        #expect(rejection.sentence.ptBR.contains("{{APELIDO}}"))
        #expect(rejection.sentence.en.contains("unknown field {{APELIDO}}"))
        #expect(rows[1].isAccepted)
    }

    @Test func aFileWhoseEveryRowFallsBackHasNoValidRows() {
        let (summary, rows) = validate(
            "telefone;mensagem\n11987654321;\n11987654322;\n",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.fileError?.code == .noValidRows)
        #expect(rows.map(\.rejection?.code) == [.missingField, .missingField])
    }

    @Test func aSinchRowWithoutTextFallsBackToo() {
        let (summary, rows) = validate(
            "numero;texto\n5511900000001;\n5511900000002;Oi\nEOF\n",
            name: "x.txt",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.isAccepted)
        #expect(rows.map(\.rejection?.code) == [.missingField, nil])
        #expect(rows[0].rejection?.field == "texto")
    }

    @Test func aFileWithoutAMessageColumnIsStillRejectedUpFront() {
        let (summary, rows) = validate(
            "telefone;loja\n11987654321;Paulista\n",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.fileError?.code == .unknownPlaceholder)
        #expect(summary.fileError?.field == "template")
        #expect(rows.isEmpty)
    }

    @Test func aTemplateThatFitsStillFillsTheRowsWithoutText() {
        let (summary, rows) = validate(
            "telefone;nome;mensagem\n11987654321;ANA SOUZA;\n11987654322;Bia;Texto próprio\n",
            options: options(template: "Oi @PrimeiroNome")
        )
        #expect(summary.isAccepted)
        #expect(rows.map(\.message?.text) == ["Oi Ana", "Texto proprio"])
    }
}
