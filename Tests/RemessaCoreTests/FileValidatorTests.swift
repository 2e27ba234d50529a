import RemessaCore
import Testing

/// Runs a whole file through `FileValidator`, fed in chunks of `chunkSize` bytes.
func validate(
    _ bytes: [UInt8],
    name: String = "clientes.csv",
    options: ValidationOptions = ValidationOptions(),
    chunkSize: Int = 1 << 20
) -> (summary: FileSummary, rows: [RowOutcome]) {
    var validator = FileValidator(fileName: name, options: options)
    var rows: [RowOutcome] = []
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + chunkSize)
        bytes[offset..<end].withUnsafeBytes { chunk in
            try! validator.feed(chunk) { rows.append($0) }
        }
        offset = end
    }
    let summary = try! validator.finish { rows.append($0) }
    return (summary, rows)
}

func validate(
    _ text: String,
    name: String = "clientes.csv",
    options: ValidationOptions = ValidationOptions(),
    chunkSize: Int = 1 << 20
) -> (summary: FileSummary, rows: [RowOutcome]) {
    validate(Array(text.utf8), name: name, options: options, chunkSize: chunkSize)
}

func options(template: String? = nil, layout: LayoutChoice = .auto) -> ValidationOptions {
    ValidationOptions(layout: layout, template: template)
}

@Suite struct BaseLayoutTests {
    @Test func acceptsABaseFileAndExpandsTheTemplate() {
        let (summary, rows) = validate(
            "Nome;Celular;Loja\nMARIA DA SILVA;(11) 98765-4321;Paulista\n",
            options: options(template: "Olá @PrimeiroNome, loja @Loja")
        )
        #expect(summary.layout == .base)
        #expect(summary.isAccepted)
        #expect(summary.rows == 1)
        #expect(rows.count == 1)
        #expect(rows[0].destination == "5511987654321")
        #expect(rows[0].message?.text == "Ola Maria, loja Paulista")
        #expect(rows[0].line == 2)
    }

    @Test func rowsWithAWrongColumnCountAreRejectedOneByOne() {
        let (summary, rows) = validate(
            "destination;nome\n11987654321;Ana\n11987654322\n11987654323;Bia;extra\n11987654324;Cid;;\n",
            options: options(template: "Oi @Nome")
        )
        #expect(summary.isAccepted)
        #expect(rows.map(\.rejection?.code) == [nil, .wrongColumnCount, .wrongColumnCount, nil])
    }

    @Test func everyRowNeedsItsCorrelationIDWhenTheColumnExists() {
        let (_, rows) = validate(
            "destination;correlation-id\n11987654321;a1\n11987654322;\n11987654323;\(String(repeating: "x", count: 65))\n",
            options: options(template: "Oi")
        )
        #expect(rows.map(\.rejection?.code) == [nil, .missingCorrelationID, .correlationIDTooLong])
        #expect(rows[0].correlationID == "a1")
    }

    @Test func duplicatesOfNumberAndTextAreRejectedWithTheFirstLine() {
        let (_, rows) = validate(
            "destination;texto\n11987654321;Oi\n(11) 98765-4321;Oi\n11987654321;Olá\n",
            options: options()
        )
        #expect(rows.map(\.rejection?.code) == [nil, .duplicate, nil])
        #expect(rows[1].rejection?.sentence.en.contains("line 2") == true)
    }

    @Test func duplicatesAreFoundAfterTheTableGrows() {
        // 3,000 distinct pairs outgrow the first table several times; the repeats must still be found.
        var text = "destination;texto\n"
        for index in 0..<3000 { text += "119\(10_000_000 + index);Oi \(index % 7)\n" }
        text += "119\(10_000_000 + 5);Oi 5\n119\(10_000_000 + 2999);Oi 3\n119\(10_000_000 + 2999);Oi 4\n"
        let (_, rows) = validate(text, options: options())
        #expect(rows.count == 3003)
        #expect(rows.prefix(3000).allSatisfy { $0.rejection == nil })
        #expect(rows.suffix(3).map(\.rejection?.code) == [.duplicate, .duplicate, nil])
        #expect(rows[3000].rejection?.sentence.en.contains("line 7") == true)
    }

    @Test func textsDifferingInOneByteOrInLengthAreNotDuplicates() {
        // Every length from 1 to 40 bytes (the fingerprint's 16-byte blocks, and its 1-3, 4-7 and 8-15 byte
        // tails), each with one letter changed at each position: all distinct, so none is a duplicate; then the
        // same texts again, which all are, and the same texts for a number differing in one digit, which are not.
        var texts: [String] = []
        for length in 1...40 {
            let base = String(repeating: "a", count: length)
            texts.append(base)
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        var text = "destination;texto\n"
        for message in texts { text += "11987654321;\(message)\n" }
        for message in texts { text += "11987654321;\(message)\n" }
        for message in texts { text += "11987654322;\(message)\n" }
        let (_, rows) = validate(text, options: options())
        let count = texts.count
        #expect(rows.count == 3 * count)
        #expect(rows.prefix(count).allSatisfy { $0.rejection == nil })
        #expect(rows.dropFirst(count).prefix(count).allSatisfy { $0.rejection?.code == .duplicate })
        #expect(rows.suffix(count).allSatisfy { $0.rejection == nil })
        #expect(rows[count].rejection?.sentence.en.contains("line 2") == true)
    }

    @Test func missingPlaceholderValuesRejectOrBlank() {
        let text = "destination;nome;loja\n11987654321;Ana;\n"
        let rejecting = validate(text, options: options(template: "Oi @Nome, loja @Loja"))
        #expect(rejecting.rows.first?.rejection?.code == .missingField)
        #expect(rejecting.rows.first?.rejection?.field == "loja")
        #expect(rejecting.summary.fileError?.code == .noValidRows)

        var blanking = options(template: "Oi @Nome, loja @Loja")
        blanking.onMissingField = .blank
        let blanked = validate(text, options: blanking)
        #expect(blanked.rows.first?.isAccepted == true)
    }

    @Test func unknownPlaceholderInTheTemplateRejectsTheFile() {
        let (summary, rows) = validate(
            "destination;nome\n11987654321;Ana\n",
            options: options(template: "Oi {{apelido}}")
        )
        #expect(summary.fileError?.code == .unknownPlaceholder)
        #expect(rows.isEmpty)
    }

    @Test func formulasAreRejectedPerRow() {
        let (_, rows) = validate(
            "destination;nome\n11987654321;=SOMA(A1:A2)\n11987654322;Ana\n",
            options: options(template: "Oi @Nome")
        )
        #expect(rows.map(\.rejection?.code) == [.formula, nil])
        #expect(rows[0].rejection?.field == "nome")
    }

    @Test func invalidNumbersCarryTheirDetail() {
        let (_, rows) = validate(
            "destination;nome\n\"5,51199E+12\";A\n(11) 3456-7890;B\n(20) 98765-4321;C\n\n",
            options: options(template: "Oi")
        )
        #expect(rows.map(\.rejection?.code) == [.invalidNumber, .invalidNumber, .invalidNumber])
        #expect(rows.map(\.rejection?.detail) == ["EXCEL_SCIENTIFIC_NOTATION", "LANDLINE", "UNKNOWN_DDD"])
    }

    @Test func blankLinesAreSkippedAndCounted() {
        let (summary, _) = validate("destination\n11987654321\n\n;\n11987654322\n", options: options(template: "Oi"))
        #expect(summary.rows == 2)
        #expect(summary.blankLines == 2)
    }

    @Test func messageTooLongAndEmptyMessage() {
        var limited = options()
        limited.maxSegments = 1
        let (_, rows) = validate(
            "destination;mensagem\n11987654321;\(String(repeating: "a", count: 161))\n11987654322;  \n",
            options: limited
        )
        #expect(rows.map(\.rejection?.code) == [.messageTooLong, .emptyMessage])
    }

    @Test func invalidPriorityIsRejected() {
        let (_, rows) = validate(
            "destination;prioridade\n11987654321;ALTA\n11987654322;urgente\n11987654323;low\n",
            options: options(template: "Oi")
        )
        #expect(rows.map(\.rejection?.code) == [nil, .invalidPriority, nil])
        #expect(rows.map(\.priority) == [.alta, .media, .baixa])
    }
}

@Suite struct SinchLayoutTests {
    @Test func readsTheHeaderTheTextsAndTheEOF() {
        let (summary, rows) = validate(
            "numero;texto;correlationId(opcional);\r\n5511900000001;Fatura;f-1;\r\n5521988887777;Código;;\r\nEOF\r\n",
            name: "PROJETO1.20261121.01.txt"
        )
        #expect(summary.layout == .sinch)
        #expect(summary.isAccepted)
        #expect(summary.subAccount == "PROJETO1")
        #expect(rows.map(\.correlationID) == ["f-1", nil])
        #expect(summary.rows == 2)
    }

    @Test func readsHeaderlessFiles() {
        let (summary, rows) = validate("5511900000002;Mensagem;;\nEOF\n", name: "x.txt")
        #expect(summary.layout == .sinch)
        #expect(rows.count == 1)
        #expect(rows[0].line == 1)
    }

    @Test func aMissingEOFRejectsTheFile() {
        let (summary, _) = validate("numero;texto\n5511900000002;Mensagem\n", name: "x.txt")
        #expect(summary.fileError?.code == .missingEOF)
    }

    @Test func dataAfterEOFRejectsTheFile() {
        let (summary, _) = validate("numero;texto\n5511900000002;Mensagem\nEOF\n5511900000003;Outra\n")
        #expect(summary.fileError?.code == .missingEOF)
        #expect(summary.fileError?.line == 4)
    }

    @Test func anUnquotedSemicolonInTheTextIsAWrongColumnCountWithAHint() {
        let (_, rows) = validate("numero;texto;correlationId\n5511900000002;Oi; tudo bem;x;y\nEOF\n")
        #expect(rows.first?.rejection?.code == .wrongColumnCount)
        #expect(rows.first?.rejection?.sentence.en.contains("quotes") == true)
    }
}

@Suite struct EngageLayoutTests {
    static let header =
        "TIPO_DE_REGISTRO;VALOR_DO_REGISTRO;MENSAGEM;NOME_CLIENTE;CPFCNPJ;CODCLIENTE;TAG;CORINGA1;CORINGA2;CORINGA3;CORINGA4;CORINGA5;PRIORIDADE\n"

    @Test func acceptsAValidFileWithCoringasAndChannels() {
        let (summary, rows) = validate(
            Self.header
                + "TELEFONE;11987651234;;ANA PAULA;529.982.247-25;C1;t;#44;10/12;;;;ALTA\n"
                + "EMAIL;ana@example.com;;ANA;;C1;t;;;;;;\n"
                + "EMAIL;nada;;ANA;;C1;t;;;;;;\n"
                + "TELEFONE;11987651235;;BIA;123.456.789-00;C2;t;#45;11/12;;;;\n",
            options: options(template: "@PrimeiroNome, boleto @Coringa1 vence @Coringa2")
        )
        #expect(summary.layout == .engage)
        #expect(summary.isAccepted)
        #expect(rows.map(\.rejection?.code) == [nil, .unsupportedChannel, .invalidEmail, nil])
        #expect(rows[0].message?.text == "Ana, boleto #44 vence 10/12")
        #expect(rows[0].priority == .alta)
        #expect(rows[3].warnings.map(\.code) == ["INVALID_CPFCNPJ"])
    }

    @Test func aRowWithAnotherColumnCountRejectsTheWholeFile() {
        let (summary, _) = validate(
            Self.header + "TELEFONE;11987651234;;A;;C;t;;;;;;ALTA;extra\nTELEFONE;;;B;;C;t;;;;;;\n",
            options: options(template: "Oi")
        )
        #expect(summary.fileErrors.map(\.code) == [.columnCountMismatch, .keyColumnEmpty])
        #expect(summary.fileErrors.map(\.line) == [2, 3])
    }

    @Test func aFormulaRejectsTheWholeFile() {
        let (summary, _) = validate(
            Self.header + "TELEFONE;11987651234;;A;;C;t;=B2*2;;;;;\n",
            options: options(template: "Oi")
        )
        #expect(summary.fileError?.code == .formulaInCell)
        #expect(summary.fileError?.field == "CORINGA1")
    }

    @Test func aHeaderWithoutThirteenColumnsIsRejected() {
        let (summary, _) = validate(
            "TIPO_DE_REGISTRO;VALOR_DO_REGISTRO;MENSAGEM\nTELEFONE;11987651234;Oi\n"
        )
        #expect(summary.fileError?.code == .columnCountMismatch)
    }
}

@Suite struct WholeFileTests {
    @Test func emptyAndHeaderOnlyFiles() {
        #expect(validate("").summary.fileError?.code == .emptyFile)
        #expect(validate("\u{FEFF}\n\n").summary.fileError?.code == .emptyFile)
        #expect(validate("destination;nome\n").summary.fileError?.code == .noDataRows)
    }

    @Test func binaryFilesAreRejected() {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 60)
        #expect(validate(zip).summary.fileError?.code == .binaryFile)
    }

    @Test func unknownLayoutSaysWhatToDo() {
        let summary = validate("nome;cidade\nAna;Recife\n").summary
        #expect(summary.fileError?.code == .unknownLayout)
        let list = validate("5511987654321\n5511987654322\n").summary
        #expect(list.fileError?.code == .unknownLayout)
        #expect(list.fileError?.sentence.en.contains("DESTINATION") == true)
    }

    @Test func unbalancedQuoteAndLongLines() {
        #expect(validate("destination;texto\n11987654321;\"oi\n").summary.fileError?.code == .unbalancedQuote)
        var small = options(template: "Oi")
        small.maxRecordBytes = 64
        let long = "destination;nome\n11987654321;\(String(repeating: "a", count: 100))\n"
        #expect(validate(long, options: small).summary.fileError?.code == .lineTooLong)
    }

    @Test func fileTooLarge() {
        var small = options(template: "Oi")
        small.maxFileBytes = 10
        #expect(validate("destination\n11987654321\n", options: small).summary.fileError?.code == .fileTooLarge)
    }

    @Test func windows1252IsDetectedAndDecoded() {
        var bytes = Array("NOME;TELEFONE\nJos".utf8)
        bytes += [0xE9]  // é in Windows-1252
        bytes += Array(";(81) 99654-3210\n".utf8)
        let (summary, rows) = validate(bytes, options: options(template: "Olá @Nome"))
        #expect(summary.encoding == .windows1252)
        #expect(rows.first?.message?.text == "Ola José")
    }

    @Test func oneByteChunksGiveTheSameVerdict() {
        let text =
            "\u{FEFF}Nome;Celular\r\n\"Ana \"\"A\"\"\";(11) 98765-4321\r\nBia;(21) 99876-5432\r\n\r\nCid;(20) 9\r\n"
        let whole = validate(text, options: options(template: "Oi @Nome"))
        let bytewise = validate(text, options: options(template: "Oi @Nome"), chunkSize: 1)
        #expect(whole.rows == bytewise.rows)
        #expect(whole.summary == bytewise.summary)
        #expect(whole.summary.startedWithBOM)
        #expect(whole.rows.count == 3)
    }
}
