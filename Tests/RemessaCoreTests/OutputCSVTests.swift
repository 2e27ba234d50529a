import Testing

@testable import RemessaCore

@Suite("Output CSV cells and result lines")
struct OutputCSVTests {
    @Test(
        "Cells: plain as is, `;` quotes and newlines quoted, quotes doubled, formulas neutralised, UTF-8 intact",
        arguments: [
            ("Maria", "Maria"),
            ("", ""),
            ("a;b", "\"a;b\""),
            ("diz \"oi\"", "\"diz \"\"oi\"\"\""),
            ("linha 1\nlinha 2", "\"linha 1\nlinha 2\""),
            ("fim\r", "\"fim\r\""),
            ("=SOMA(A1:A9)", "\"'=SOMA(A1:A9)\""),
            ("+5511987654321", "\"'+5511987654321\""),
            ("-1", "\"'-1\""),
            ("@Nome", "\"'@Nome\""),
            ("=\"x\";y", "\"'=\"\"x\"\";y\""),
            ("Conceição ✓ 😀", "Conceição ✓ 😀"),
            ("São \"Paulo\" 😀", "\"São \"\"Paulo\"\" 😀\""),
            ("a=b", "a=b"),
        ]
    )
    func cell(value: String, expected: String) {
        #expect(OutputCSV.cell(value) == expected)
    }

    @Test(
        "Numbers are written in decimal, whatever their size or sign",
        arguments: [0, 7, 10, 1_000_000, -42, Int.max]
    )
    func number(value: Int) {
        var bytes: [UInt8] = []
        OutputCSV.appendCell(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }

    @Test("A line joins its cells with `;` and ends with CRLF")
    func line() {
        #expect(OutputCSV.line(["1", "a;b", "=x"]) == "1;\"a;b\";\"'=x\"\r\n")
    }

    @Test("Result lines: an accepted row with its message id, a rejected row with code, sentence, field and detail")
    func resultLines() {
        let message = EncodedMessage(text: "Oi", encoding: .gsm7, units: 2, segments: 2, wasTransliterated: false)
        let accepted = RowOutcome(
            line: 2,
            destination: "5511987654321",
            correlationID: "pedido;7",
            priority: .alta,
            message: message,
            rejection: nil,
            warnings: [
                RowWarning(
                    code: "INVALID_CPFCNPJ",
                    field: "CPF",
                    sentence: LocalizedSentence(ptBR: "CPF ruim", en: "bad")
                )
            ]
        )
        #expect(
            ResultFile.line(accepted, messageID: 123_456_789, locale: .ptBR)
                == "2;5511987654321;\"pedido;7\";ACCEPTED;;;123456789;2;ALTA;GSM7;;;INVALID_CPFCNPJ: CPF ruim\r\n"
        )
        let rejected = RowOutcome(
            line: 3,
            destination: "=1+1",
            correlationID: nil,
            priority: .media,
            message: nil,
            rejection: RowRejection(
                code: .invalidNumber,
                field: "telefone",
                detail: "=1+1",
                sentence: LocalizedSentence(ptBR: "Número \"inválido\".", en: "Invalid number.")
            )
        )
        #expect(
            ResultFile.line(rejected, locale: .en)
                == "3;\"'=1+1\";;REJECTED;INVALID_NUMBER;Invalid number.;;;MEDIA;;telefone;\"'=1+1\";\r\n"
        )
        #expect(ResultFile.line(rejected, locale: .ptBR).contains(";\"Número \"\"inválido\"\".\";"))
        #expect(
            ResultFile.line(rejected, locale: .en).split(separator: ";", omittingEmptySubsequences: false).count
                == ResultFile.columns.count
        )
    }
}
