@testable import RemessaCore
import Testing

/// Every row costs bounded work however its template multiplies its cells (issue 11, point 4): a text past what
/// `maxSegments` could ever carry is `MESSAGE_TOO_LONG` without being built, and the caches stay small.
@Suite struct BoundedRenderingTests {
    /// `@X@X@X…` thousands of times over a 32 KiB cell: 393 MB of text if it were built.
    static let hostileMessage = String(repeating: "@X", count: 12_000)
    static let bigCell = String(repeating: "X", count: 32 * 1024)

    @Test func aRowThatMultipliesAHugeCellIsTooLongWithoutBeingBuilt() throws {
        let (summary, rows) = validate(
            "telefone;mensagem;x\n11987654321;\(Self.hostileMessage);\(Self.bigCell)\n11987654322;Oi @X;ana\n"
        )
        #expect(summary.isAccepted)
        #expect(rows.map(\.rejection?.code) == [.messageTooLong, nil])
        let rejection = try #require(rows[0].rejection)
        #expect(rejection.field == "mensagem")
        #expect(rejection.sentence.en.contains("393216000 bytes"))
        #expect(rejection.sentence.en.contains("more than 6 SMS parts"))
        #expect(rejection.sentence.ptBR.contains("passa de 6 partes"))
        #expect(rows[1].message?.text == "Oi ana")
    }

    @Test func theDropTemplateIsBoundedToo() {
        let (summary, rows) = validate(
            "telefone;x\n11987654321;\(Self.bigCell)\n",
            options: options(template: String(repeating: "@X ", count: 3000))
        )
        #expect(summary.fileError?.code == .noValidRows)
        #expect(rows.map(\.rejection?.code) == [.messageTooLong])
    }

    @Test func soIsTheTidyingPathWhenAValueIsBlank() {
        var blanking = options(template: String(repeating: "@X @Y ", count: 3000))
        blanking.onMissingField = .blank
        let (_, rows) = validate("telefone;x;y\n11987654321;\(Self.bigCell);\n", options: blanking)
        #expect(rows.map(\.rejection?.code) == [.messageTooLong])
    }

    @Test func aTextUpToTheLimitIsBuiltAndCountedAsBefore() throws {
        let limit = FileValidator.renderByteLimit(maxSegments: 6)
        #expect(limit == 64 * 1024)
        let half = String(repeating: "a", count: limit / 2)
        let (_, rows) = validate("telefone;mensagem;x\n11987654321;@X@X;\(half)\n11987654322;@X@X;\(half)a\n")
        #expect(rows.map(\.rejection?.code) == [.messageTooLong, .messageTooLong])
        // Built: the usual sentence with the exact count (65,536 septets in parts of 153).
        #expect(rows[0].rejection?.sentence.en == "The message takes 429 SMS parts; the limit is 6.")
        #expect(rows[1].rejection?.sentence.en.contains("65538 bytes") == true)
    }

    @Test func theLimitGrowsWithMaxSegments() {
        #expect(FileValidator.renderByteLimit(maxSegments: 1) == 64 * 1024)
        #expect(FileValidator.renderByteLimit(maxSegments: 100) == 16 * 153 * 100)
        #expect(FileValidator.renderByteLimit(maxSegments: .max) > 0)
    }

    @Test func aTextThatTransliterationShrinksIsJudgedAsBefore() {
        // 6 KB of zero-width non-joiners, dropped by transliteration: under the limit, so judged as always.
        let cell = "a" + String(repeating: "\u{200C}", count: 2000) + "b"
        let (_, rows) = validate("telefone;x\n11987654321;\(cell)\n", options: options(template: "Oi @X"))
        #expect(rows.first?.message?.text == "Oi ab")
    }

    @Test func repeatedPlaceholdersRenderEveryTime() {
        let (_, rows) = validate(
            "telefone;nome\n11987654321;joão silva\n",
            options: options(template: "Olá @Nome, @Nome! @PrimeiroNome")
        )
        #expect(rows.first?.message?.text == "Ola joao silva, joao silva! Joao")
        let (_, plain) = validate(
            "telefone;nome\n11987654321;Ana\n",
            options: options(template: "@Nome-@Nome-@Nome")
        )
        #expect(plain.first?.message?.text == "Ana-Ana-Ana")
    }

    @Test func aMissingValueIsNamedByItsFirstUse() {
        let (_, rows) = validate(
            "telefone;nome\n11987654321;\n",
            options: options(template: "@PrimeiroNome @Nome @PrimeiroNome")
        )
        #expect(rows.first?.rejection?.code == .missingField)
        #expect(rows.first?.rejection?.sentence.en.contains("uses PRIMEIRONOME") == true)
    }

    @Test func twoNamesOfOneColumnShareItsValue() throws {
        let catalog = PlaceholderCatalog(headers: ["telefone", "nome_cliente"], nameColumn: 1)
        let template = try MessageTemplate.compile("{{nome_cliente}} @Nome {{nome cliente}}", catalog: catalog)
        #expect(template.placeholderNames == ["NOME_CLIENTE", "NOME"])
        #expect(template.placeholders.map(\.uses) == [3])
        #expect(template.render(field: { ["", "Ana"][$0] }, onMissing: .reject) == .text("Ana Ana Ana"))
        #expect(
            template.render(field: { _ in "" }, onMissing: .reject) == .missing(placeholder: "NOME_CLIENTE", column: 1)
        )
    }

    @Test func rowTemplatesTooBigToKeepAreNotKept() throws {
        var validator = FileValidator(fileName: "x.csv", options: ValidationOptions())
        let text =
            "telefone;mensagem;x\n11987654321;\(Self.hostileMessage);a\n11987654322;Oi @X;b\n11987654323;Oi @X;c\n"
        var rows: [RowOutcome] = []
        try Array(text.utf8).withUnsafeBytes { try validator.feed($0) { rows.append($0) } }
        _ = try validator.finish { rows.append($0) }
        #expect(rows.map(\.rejection?.code) == [.messageTooLong, nil, nil])
        #expect(Array(validator.rowTemplates.keys) == ["Oi @X"])
        #expect(validator.rowTemplateBytes > 0)
        #expect(validator.rowTemplateBytes < FileValidator.rowTemplateEntryBytes)
    }

    @Test func theRowTemplateCacheIsBoundedInEntriesAndBytes() throws {
        var validator = FileValidator(fileName: "x.csv", options: ValidationOptions())
        var text = "telefone;mensagem;x\n"
        for index in 0..<5000 {
            text += "\(11_987_000_000 + index);Oi @X \(index) \(String(repeating: "@X", count: 200));a\n"
        }
        var accepted = 0
        try Array(text.utf8).withUnsafeBytes { try validator.feed($0) { accepted += $0.isAccepted ? 1 : 0 } }
        _ = try validator.finish { accepted += $0.isAccepted ? 1 : 0 }
        #expect(accepted == 5000)
        #expect(validator.rowTemplates.count <= FileValidator.rowTemplateCacheSize)
        #expect(validator.rowTemplateBytes <= FileValidator.rowTemplateCacheBytes)
        #expect(validator.rowTemplates.count < 5000)
    }
}
