import RemessaCore
import Testing

/// Reads `bytes` as an opt-out upload under `policy` (the drop's country-code settings).
private func read(
    _ bytes: [UInt8],
    policy: PhoneNumberPolicy = PhoneNumberPolicy()
) -> (lines: [OptOutUploadLine], summary: OptOutUploadSummary) {
    OptOutUploadReader.read(bytes, policy: policy)
}

private func read(
    _ text: String,
    policy: PhoneNumberPolicy = PhoneNumberPolicy()
) -> (
    lines: [OptOutUploadLine], summary: OptOutUploadSummary
) {
    read(Array(text.utf8), policy: policy)
}

/// Each line as `line:number:action:STATUS[:REASON]`.
private func shown(_ lines: [OptOutUploadLine]) -> [String] {
    lines.map { line in
        switch line.verdict {
        case .apply: "\(line.line):\(line.number):\(line.action):APPLIED"
        case .reject(let reason, _): "\(line.line):\(line.number):\(line.action):REJECTED:\(reason.rawValue)"
        }
    }
}

@Suite("Opt-out uploads: reading a client's file")
struct OptOutUploadReaderTests {
    @Test("A file of bare numbers: every line is an add, national and written forms normalised to E.164")
    func headerless() {
        let (lines, summary) = read("11987654321\n(21) 98765-4322\n+55 31 98765-4323\n\n021 11 98765-4324\n")
        #expect(
            shown(lines) == [
                "1:5511987654321:add:APPLIED", "2:5521987654322:add:APPLIED", "3:5531987654323:add:APPLIED",
                "5:5511987654324:add:APPLIED",
            ]
        )
        #expect(summary.fileError == nil)
        #expect(summary.numberColumn == nil)
        #expect(summary.lines == 4 && summary.applied == 4 && summary.rejected == 0)
    }

    @Test("A header with a destination column and ACAO: INCLUIR/ADD and EXCLUIR/REMOVE in any case, empty is add")
    func headerWithAction() {
        let (lines, summary) = read(
            """
            nome;Celular;Ação
            Ana;11987654321;incluir
            Bia;21987654322;EXCLUIR
            Cid;31987654323;Remove
            Dan;41987654324;
            Eva;51987654325;add

            """
        )
        #expect(
            shown(lines) == [
                "2:5511987654321:add:APPLIED", "3:5521987654322:remove:APPLIED", "4:5531987654323:remove:APPLIED",
                "5:5541987654324:add:APPLIED", "6:5551987654325:add:APPLIED",
            ]
        )
        #expect(summary.numberColumn == "Celular")
        #expect(summary.actionColumn == "Ação")
        #expect(lines.map(\.change) == [.add, .remove, .remove, .add, .add])
    }

    @Test("ACTION and the other destination names of §2 are recognised; other columns are ignored")
    func englishHeader() {
        let (lines, summary) = read("DESTINATION,ACTION,NOTE\n5511987654321,REMOVE,x\n5511987654322,ADD,\n")
        #expect(shown(lines) == ["2:5511987654321:remove:APPLIED", "3:5511987654322:add:APPLIED"])
        #expect(summary.delimiter == UInt8(ascii: ","))
        #expect(read("telefone\n11987654321\n").lines.map(\.change) == [.add])
    }

    @Test("An unknown action is UNKNOWN_ACTION with the action as written; nothing is applied for it")
    func unknownAction() {
        let (lines, summary) = read("telefone;acao\n11987654321;apagar\n11987654322;incluir\n")
        #expect(shown(lines) == ["2:5511987654321:apagar:REJECTED:UNKNOWN_ACTION", "3:5511987654322:add:APPLIED"])
        #expect(summary.applied == 1 && summary.rejected == 1)
        guard case .reject(_, let sentence) = lines[0].verdict else {
            Issue.record("not rejected")
            return
        }
        #expect(sentence.ptBR.contains("EXCLUIR"))
    }

    @Test("Bad numbers are INVALID_NUMBER, an empty one MISSING_DESTINATION, each with the cell as written")
    func badNumbers() {
        let (lines, summary) = read(
            """
            telefone;acao
            1123456789;incluir
            abc;incluir
            ;excluir
            5,51199E+12;incluir
            11987654321;incluir

            """
        )
        #expect(
            shown(lines) == [
                "2:1123456789:add:REJECTED:INVALID_NUMBER", "3:abc:add:REJECTED:INVALID_NUMBER",
                "4::remove:REJECTED:MISSING_DESTINATION", "5:5,51199E+12:add:REJECTED:INVALID_NUMBER",
                "6:5511987654321:add:APPLIED",
            ]
        )
        #expect(summary.lines == 5 && summary.rejected == 4 && summary.fileError == nil)
    }

    @Test("The drop's country-code settings decide national forms")
    func countryCodeSettings() {
        let present = PhoneNumberPolicy(countryCode: .present, defaultCountry: 55)
        #expect(
            shown(read("11987654321\n5511987654321\n", policy: present).lines).last == "2:5511987654321:add:APPLIED"
        )
        #expect(read("011987654321\n", policy: present).lines.first?.change == nil)
        let absent = PhoneNumberPolicy(countryCode: .absent, defaultCountry: 55)
        #expect(shown(read("11987654321\n", policy: absent).lines) == ["1:5511987654321:add:APPLIED"])
    }

    @Test("A BOM, CRLF line ends and Windows-1252 headers are read as the validator reads them")
    func encodings() {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("TELEFONE;AÇÃO\r\n11987654321;EXCLUIR\r\n11987654322;INCLUIR\r\n".utf8)
        let utf8 = read(bytes)
        #expect(shown(utf8.lines) == ["2:5511987654321:remove:APPLIED", "3:5511987654322:add:APPLIED"])
        #expect(utf8.summary.actionColumn == "AÇÃO")

        // Windows-1252: "Ação" is 41 E7 E3 6F.
        let latin = Array("Telefone;A".utf8) + [0xE7, 0xE3] + Array("o\r\n11987654321;excluir\r\n".utf8)
        let windows = read(latin)
        #expect(shown(windows.lines) == ["2:5511987654321:remove:APPLIED"])
        #expect(windows.summary.encoding == .windows1252)
        #expect(windows.summary.actionColumn == "Ação")
    }

    @Test("A bare number with an action in a second cell, no header")
    func headerlessWithAction() {
        #expect(
            shown(read("11987654321;EXCLUIR\n11987654322;\n").lines) == [
                "1:5511987654321:remove:APPLIED", "2:5511987654322:add:APPLIED",
            ]
        )
    }

    @Test("Whole-file verdicts: EMPTY_FILE, BINARY_FILE, NO_DATA_ROWS, UNKNOWN_LAYOUT, UNBALANCED_QUOTE")
    func wholeFile() {
        #expect(read("").summary.fileError?.code == .emptyFile)
        #expect(read("\n\r\n  \n").summary.fileError?.code == .emptyFile)
        let binary = read([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x31, 0x00, 0x00, 0x00])
        #expect(binary.summary.fileError?.code == .binaryFile)
        #expect(binary.lines.isEmpty)
        #expect(read("11987654321\u{0}\u{0}\u{0}\n").summary.fileError?.code == .binaryFile)
        let headerOnly = read("telefone;acao\n\n")
        #expect(headerOnly.summary.fileError?.code == .noDataRows)
        #expect(headerOnly.summary.fileError?.line == 1)
        let unknown = read("nome;contato\nAna;11987654321\n")
        #expect(unknown.summary.fileError?.code == .unknownLayout)
        #expect(unknown.summary.fileError?.sentence.ptBR.contains("TELEFONE;ACAO") == true)
        #expect(unknown.lines.isEmpty)
        #expect(read("telefone\n\"11987654321\n").summary.fileError?.code == .unbalancedQuote)
    }

    @Test("Fed in small chunks, a file reads exactly as fed at once")
    func chunked() throws {
        var text = "telefone;acao\r\n"
        for index in 0..<3000 {
            let subscriber = String(10000 + index).dropFirst()
            text += "1198765\(subscriber);\(index % 3 == 0 ? "excluir" : "")\r\n"
        }
        let whole = read(text)
        var reader = OptOutUploadReader(policy: PhoneNumberPolicy())
        var lines: [OptOutUploadLine] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            try bytes[start..<min(start + 7, bytes.count)].withUnsafeBytes { chunk in
                try reader.feed(chunk) { lines.append($0) }
            }
        }
        let summary = try reader.finish { lines.append($0) }
        #expect(lines == whole.lines)
        #expect(summary == whole.summary)
        #expect(summary.applied == 3000 && lines.filter { $0.change == .remove }.count == 1000)
    }

    @Test("The answer file: the contract's columns, APPLIED with no reason, REJECTED with its code and sentence")
    func answerFile() {
        let (lines, _) = read("telefone;acao\n11987654321;excluir\n123;incluir\n")
        let text =
            OptOutAnswerFile.header(bom: false) + lines.map { OptOutAnswerFile.line($0, locale: .en) }.joined()
        let rows = text.split(separator: "\r\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(rows[0] == ["line", "number", "action", "status", "reason", "message"])
        #expect(rows[1] == ["2", "5511987654321", "remove", "APPLIED", "", ""])
        #expect(Array(rows[2].prefix(5)) == ["3", "123", "add", "REJECTED", "INVALID_NUMBER"])
        #expect(rows[2].count == 6 && !rows[2][5].isEmpty)
        #expect(OptOutAnswerFile.header().hasPrefix("\u{FEFF}line;"))
    }
}
