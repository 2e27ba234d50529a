import RemessaCore
import Testing

/// A file with no valid row is answered by its error file alone, which says why for each row (contract §6).
@Suite struct NoValidRowsErrorFileTests {
    @Test("NO_VALID_ROWS comes first, then each rejected row's code, line, field and sentence")
    func listsEveryRow() {
        let (summary, _) = validate(
            "telefone;nome\n123;Ana\n11987654321;\n",
            options: options(template: "Oi @Nome")
        )
        #expect(summary.fileError?.code == .noValidRows)
        let lines = ErrorFile.render(summary, locale: .en, bom: false).split(separator: "\r\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0] == "code;line;field;message")
        #expect(lines[1].hasPrefix("NO_VALID_ROWS;;;\"None of the 2 rows is valid; each row's reason follows"))
        #expect(lines[2].hasPrefix("INVALID_NUMBER;2;telefone;"), "\(lines[2])")
        #expect(lines[3].hasPrefix("MISSING_FIELD;3;nome;"), "\(lines[3])")
    }

    @Test("At most 100 rows are listed; an accepted file keeps none; other whole-file errors list no rows")
    func bounded() {
        var text = "telefone;nome\n"
        for index in 0..<150 { text += "\(index);Ana\n" }
        let (many, _) = validate(text, options: options(template: "Oi @Nome"))
        let lines = ErrorFile.render(many, locale: .ptBR, bom: false).split(separator: "\r\n")
        #expect(lines.count == 2 + FileSummary.rejectedSampleLimit)
        #expect(lines[1].contains("as 100 primeiras"))
        #expect(lines.last?.hasPrefix("INVALID_NUMBER;101;") == true, "\(lines.last ?? "")")

        let (accepted, _) = validate("telefone;nome\n123;Ana\n11987654321;Bia\n", options: options(template: "Oi @Nome"))
        #expect(accepted.isAccepted)
        #expect(accepted.rejectedSample.isEmpty)

        let (noRows, _) = validate("telefone;nome\n", options: options(template: "Oi @Nome"))
        #expect(ErrorFile.render(noRows, locale: .en, bom: false).split(separator: "\r\n").count == 2)
    }
}
