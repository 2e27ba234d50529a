import Foundation
import RemessaTesting
import Testing

/// `remessa check --template/--template-file` judges a file as a drop with that template does: the template is
/// only the text of rows without their own (contract §2).
@Suite struct CheckTemplateFallbackTests {
    @Test func aSinchFileIsAcceptedWhateverTheTemplateNames() throws {
        let run = try RemessaCLI.run([
            "check", "SampleDrops/sinch-parceiro/inbox/PROJETO1.20261121.01.txt", "--format", "json",
            "--template", "Oi @PrimeiroNome",
        ])
        #expect(run.status == 0)
        #expect(run.json["fileError"] is NSNull)
        #expect(run.json.int("accepted") == 4)
    }

    @Test func onlyTheRowsThatFallBackAreRejected() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-cli")
        defer { directory.remove() }
        let input = directory.appending("mensagens.csv")
        try "telefone;mensagem\n11987654321;Sua fatura vence amanhã\n21987654321;\n".write(
            toFile: input,
            atomically: true,
            encoding: .utf8
        )
        let template = directory.appending("template.txt")
        try "Oi @PrimeiroNome\n".write(toFile: template, atomically: true, encoding: .utf8)
        let result = directory.appending("mensagens.result.csv")

        let json = try RemessaCLI.run(["check", input, "--format", "json", "--template-file", template])
        #expect(json.status == 0)
        #expect(json.json.int("accepted") == 1)
        #expect(json.json.reasons == ["MISSING_FIELD": 1])

        let text = try RemessaCLI.run([
            "check", input, "--template", "Oi @PrimeiroNome", "--result", result, "--locale", "en",
        ])
        #expect(text.status == 0)
        #expect(text.stdout.contains("ACCEPTED"))
        let rows = String(decoding: try Data(contentsOf: URL(fileURLWithPath: result)).dropFirst(3), as: UTF8.self)
            .split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)
        #expect(rows[2][3] == "REJECTED")
        #expect(rows[2][4] == "MISSING_FIELD")
        #expect(rows[2][5].contains("Column mensagem is empty"))
        #expect(rows[2][5].contains("PRIMEIRONOME (position 4)"))
    }

    @Test func aFileWhoseEveryRowFallsBackIsRejected() throws {
        let directory = try TemporaryDirectory(prefix: "remessa-cli")
        defer { directory.remove() }
        let input = directory.appending("vazias.csv")
        try "telefone;mensagem\n11987654321;\n21987654321;\n".write(toFile: input, atomically: true, encoding: .utf8)
        let run = try RemessaCLI.run(["check", input, "--format", "json", "--template", "Oi @PrimeiroNome"])
        #expect(run.status == 65)
        #expect(run.json.fileErrorCode == "NO_VALID_ROWS")
        #expect(run.json.reasons == ["MISSING_FIELD": 2])
    }
}
