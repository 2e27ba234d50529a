import RemessaCore
import Testing

/// Runs `text` through a validator that knows the suppression list `suppressed`.
private func validate(
    _ text: String,
    suppressed: Set<String>,
    template: String? = "Oi @Nome"
) throws -> (summary: FileSummary, rows: [RowOutcome]) {
    var validator = FileValidator(
        fileName: "clientes.csv",
        options: ValidationOptions(template: template),
        suppressed: suppressed
    )
    var rows: [RowOutcome] = []
    try Array(text.utf8).withUnsafeBytes { bytes in
        try validator.feed(bytes) { rows.append($0) }
    }
    let summary = try validator.finish { rows.append($0) }
    return (summary, rows)
}

@Suite("Validation against the suppression list")
struct SuppressionValidationTests {
    static let file = """
        telefone;nome;mensagem
        (11) 98765-4321;Ana;
        21 98765-4322;Bia;
        +55 11 98765-4321;Ana;
        11 2345-6789;Fixo;
        11987654321;Ana;\u{20}
        31987654323;Cid;

        """

    @Test("A suppressed number, however it is written, is OPTED_OUT with the column and a sentence")
    func optedOut() throws {
        let (summary, rows) = try validate(Self.file, suppressed: ["5511987654321", "551123456789"])
        #expect(rows.map(\.rejection?.code) == [.optedOut, nil, .optedOut, .invalidNumber, .optedOut, nil])
        let first = try #require(rows.first?.rejection)
        #expect(first.field == "telefone")
        #expect(first.sentence.text(in: .ptBR).contains("opt-out"))
        #expect(
            first.sentence.text(in: .en)
                == "The number is on the opt-out list (it asked not to receive messages); the row is not sent."
        )
        // The row keeps its normalised destination, so the result file shows which number it was.
        #expect(rows[0].destination == "5511987654321")
        #expect(rows[0].message == nil)
        #expect(summary.isAccepted)
        #expect(summary.accepted == 2)
        #expect(summary.rejected == 4)
        #expect(summary.reasons == [.optedOut: 3, .invalidNumber: 1])
    }

    @Test("The row's own faults come first; a repeated suppressed number is OPTED_OUT, never DUPLICATE")
    func order() throws {
        let text = """
            telefone;mensagem
            11987654321;
            11987654321;Promo
            11987654321;Promo
            21987654322;Promo
            21987654322;Promo

            """
        let (_, rows) = try validate(text, suppressed: ["5511987654321"], template: nil)
        #expect(rows.map(\.rejection?.code) == [.emptyMessage, .optedOut, .optedOut, nil, .duplicate])
    }

    @Test("Without a list (remessa check) the same file is judged as before")
    func withoutList() throws {
        let (summary, rows) = try validate(Self.file, suppressed: [])
        #expect(rows.map(\.rejection?.code) == [nil, nil, .duplicate, .invalidNumber, .duplicate, nil])
        #expect(summary.reasons[.optedOut] == nil)
    }

    @Test("A file whose every valid row is suppressed sends nothing: NO_VALID_ROWS")
    func everyRowSuppressed() throws {
        let (summary, _) = try validate(
            "telefone;nome\n11987654321;Ana\n",
            suppressed: ["5511987654321"]
        )
        #expect(summary.fileError?.code == .noValidRows)
    }

    @Test("The result file line names OPTED_OUT and the drop's language")
    func resultLine() throws {
        let (_, rows) = try validate(Self.file, suppressed: ["5511987654321"])
        let line = ResultFile.line(rows[0], locale: .ptBR)
        #expect(line.contains(";REJECTED;OPTED_OUT;"))
        #expect(line.contains("lista de opt-out"))
    }
}
