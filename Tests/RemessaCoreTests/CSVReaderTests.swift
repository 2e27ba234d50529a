import RemessaCore
import Testing

/// A record copied out of the reader's callback.
private struct Row: Equatable, CustomStringConvertible {
    var fieldBytes: [[UInt8]]
    var quoted: [Bool]
    var line: Int
    var endLine: Int
    var isBlank: Bool

    init(_ fields: [String], quoted: [Bool]? = nil, line: Int, endLine: Int? = nil, isBlank: Bool = false) {
        fieldBytes = fields.map { Array($0.utf8) }
        self.quoted = quoted ?? Array(repeating: false, count: fields.count)
        self.line = line
        self.endLine = endLine ?? line
        self.isBlank = isBlank
    }

    init(_ record: borrowing CSVRecord) {
        fieldBytes = (0..<record.count).map { Array(record.bytes($0)) }
        quoted = (0..<record.count).map { record.isQuoted($0) }
        line = record.line
        endLine = record.endLine
        isBlank = record.isBlank
    }

    var fields: [String] { fieldBytes.map { String(decoding: $0, as: UTF8.self) } }

    var description: String { "\(line)-\(endLine) \(fields) \(quoted)\(isBlank ? " blank" : "")" }
}

/// Reads `bytes` fed in chunks of `chunkSize`, returning the records and the finished reader.
private func read(
    _ bytes: [UInt8],
    delimiter: Character = ";",
    maxRecordBytes: Int = 1 << 16,
    chunkSize: Int = .max
) throws -> (rows: [Row], reader: CSVReader) {
    var reader = CSVReader(delimiter: delimiter.asciiValue!, maxRecordBytes: maxRecordBytes)
    var rows: [Row] = []
    try bytes.withUnsafeBytes { all in
        var start = 0
        repeat {
            let end = start + min(chunkSize, all.count - start)
            try reader.feed(UnsafeRawBufferPointer(rebasing: all[start..<end])) { rows.append(Row($0)) }
            start = end
        } while start < all.count
    }
    try reader.finish { rows.append(Row($0)) }
    return (rows, reader)
}

private func read(_ text: String, delimiter: Character = ";", chunkSize: Int = .max) throws -> [Row] {
    try read(Array(text.utf8), delimiter: delimiter, chunkSize: chunkSize).rows
}

/// Reads `text` whole, then in every chunk size from 1 to 7, and checks that all agree.
private func readInAnyChunks(_ text: String, delimiter: Character = ";") throws -> [Row] {
    let whole = try read(text, delimiter: delimiter)
    for chunkSize in 1...7 {
        #expect(try read(text, delimiter: delimiter, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
    }
    return whole
}

/// The error reading `bytes` throws, if any.
private func readError(_ bytes: [UInt8], maxRecordBytes: Int = 1 << 16, chunkSize: Int = .max) -> CSVError? {
    do {
        _ = try read(bytes, maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
        return nil
    } catch {
        return error as? CSVError
    }
}

@Suite struct CSVReaderTests {
    @Test func splitsSimpleRecords() throws {
        let rows = try readInAnyChunks("numero;texto\n5511987654321;Olá\n")
        #expect(rows == [Row(["numero", "texto"], line: 1), Row(["5511987654321", "Olá"], line: 2)])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndKind(lineEnd: String) throws {
        let rows = try readInAnyChunks(["a;b", "c;d", "e"].joined(separator: lineEnd) + lineEnd)
        #expect(rows == [Row(["a", "b"], line: 1), Row(["c", "d"], line: 2), Row(["e"], line: 3)])
    }

    @Test func mixedLineEndsCountLinesLikeAnEditor() throws {
        let rows = try readInAnyChunks("a\r\nb\nc\rd\n\re\r\n")
        #expect(rows.map(\.fields) == [["a"], ["b"], ["c"], ["d"], [""], ["e"]])
        #expect(rows.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(rows[4].isBlank)
    }

    @Test func delimiterInsideQuotes() throws {
        let rows = try readInAnyChunks("\"Silva; Maria\";\"a;b;c\"\n")
        #expect(rows == [Row(["Silva; Maria", "a;b;c"], quoted: [true, true], line: 1)])
    }

    @Test func doubledQuotesAreOneQuote() throws {
        let rows = try readInAnyChunks("\"Diga \"\"olá\"\"\";\"\"\"\"\n")
        #expect(rows == [Row(["Diga \"olá\"", "\""], quoted: [true, true], line: 1)])
    }

    @Test func emptyQuotedFieldIsQuotedAndEmpty() throws {
        let rows = try readInAnyChunks("a;\"\";b\n")
        #expect(rows == [Row(["a", "", "b"], quoted: [false, true, false], line: 1)])
    }

    @Test func lineEndsInsideQuotesArePartOfTheFieldAndCountAsLines() throws {
        let rows = try readInAnyChunks("h\n\"one\ntwo\";\"three\r\nfour\";\"five\rsix\"\nnext\n")
        #expect(
            rows == [
                Row(["h"], line: 1),
                Row(
                    ["one\ntwo", "three\r\nfour", "five\rsix"],
                    quoted: [true, true, true],
                    line: 2,
                    endLine: 5
                ),
                Row(["next"], line: 6),
            ]
        )
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let rows = try readInAnyChunks("abc\"def;5\" tela\n")
        #expect(rows == [Row(["abc\"def", "5\" tela"], line: 1)])
    }

    @Test func textAfterClosingQuoteIsAppended() throws {
        let rows = try readInAnyChunks("\"abc\"def;\"x\" ;\"a\"b\"c\n")
        #expect(rows == [Row(["abcdef", "x ", "ab\"c"], quoted: [true, true, true], line: 1)])
    }

    @Test func utf8BOMIsSkippedAndRemembered() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("numero;texto\n1;a\n".utf8)
        for chunkSize in [1, 2, 3, 4, .max] {
            let (rows, reader) = try read(bytes, chunkSize: chunkSize)
            #expect(reader.startedWithBOM)
            #expect(rows == [Row(["numero", "texto"], line: 1), Row(["1", "a"], line: 2)])
            #expect(reader.bytesConsumed == bytes.count)
        }
    }

    @Test func bomPrefixThatIsNotABOMIsData() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0x41, 0x0A, 0xEF]
        for chunkSize in [1, 2, .max] {
            let (rows, reader) = try read(bytes, chunkSize: chunkSize)
            #expect(!reader.startedWithBOM)
            #expect(rows.map(\.fieldBytes) == [[[0xEF, 0xBB, 0x41]], [[0xEF]]])
        }
    }

    @Test func bomLaterInTheFileIsData() throws {
        let bytes = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        let (rows, reader) = try read(bytes)
        #expect(!reader.startedWithBOM)
        #expect(rows[1].fields == ["\u{FEFF}b"])
    }

    @Test func lastLineWithoutLineEndIsARecord() throws {
        #expect(try readInAnyChunks("a;b\nc;d") == [Row(["a", "b"], line: 1), Row(["c", "d"], line: 2)])
        #expect(try readInAnyChunks("a;\"q\"") == [Row(["a", "q"], quoted: [false, true], line: 1)])
        #expect(try readInAnyChunks("a;") == [Row(["a", ""], line: 1)])
    }

    @Test func finalLineEndAddsNoRecord() throws {
        #expect(try readInAnyChunks("a\r\n").count == 1)
        #expect(try readInAnyChunks("").isEmpty)
    }

    @Test func blankLinesAreBlankRecordsWithTheirLineNumbers() throws {
        let rows = try readInAnyChunks("h\n\n;;;\r\n\"\"\nx;\"\"\n")
        #expect(
            rows == [
                Row(["h"], line: 1),
                Row([""], line: 2, isBlank: true),
                Row(["", "", "", ""], line: 3, isBlank: true),
                Row([""], quoted: [true], line: 4, isBlank: true),
                Row(["x", ""], quoted: [false, true], line: 5),
            ]
        )
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() throws {
        var reader = CSVReader(delimiter: UInt8(ascii: ";"))
        var rows: [Row] = []
        for chunk in ["a\r", "\nb\r", "\n", "\"c\r", "\nd\"\r", "\ne"] {
            try Array(chunk.utf8).withUnsafeBytes { try reader.feed($0) { rows.append(Row($0)) } }
        }
        try reader.finish { rows.append(Row($0)) }
        #expect(
            rows == [
                Row(["a"], line: 1),
                Row(["b"], line: 2),
                Row(["c\r\nd"], quoted: [true], line: 3, endLine: 4),
                Row(["e"], line: 5),
            ]
        )
    }

    @Test func oneByteChunksEqualWholeBuffer() throws {
        let text =
            "\u{FEFF}numero;texto;id\r\n5511;\"Olá, \"\"Ana\"\"\r\nlinha 2\";x\r\n\r\n;;\n\"a\"b;c\"d;\"\"\r5512;ç;"
        let whole = try read(text)
        #expect(whole.count == 6)
        #expect(whole.last?.fields == ["5512", "ç", ""])
        #expect(try read(text, chunkSize: 1) == whole)
    }

    @Test(arguments: [",", "\t", "|"] as [Character])
    func otherDelimiters(delimiter: Character) throws {
        let d = String(delimiter)
        let rows = try readInAnyChunks("a\(d)\"b\(d)c\"\(d)d;e\n", delimiter: delimiter)
        #expect(rows == [Row(["a", "b\(d)c", "d;e"], quoted: [false, true, false], line: 1)])
    }

    @Test func unbalancedQuoteAtEndReportsTheLineWhereItOpened() {
        let bytes = Array("h\nok;1\nbad;\"never\nclosed\nat all".utf8)
        for chunkSize in [1, 3, .max] {
            let error = readError(bytes, chunkSize: chunkSize)
            #expect(error?.code == .unbalancedQuote)
            #expect(error?.line == 3)
        }
    }

    @Test func unbalancedQuoteAfterCarriageReturnAtEnd() {
        let error = readError(Array("\"abc\r".utf8))
        #expect(error == .unbalancedQuote(openedOnLine: 1, maxRecordBytes: 1 << 16))
    }

    @Test func openQuoteRunningPastTheLimitIsUnbalancedQuoteAndStopsEarly() throws {
        // A stray quote on line 2 swallows the rest of the file; the reader must give up after the limit.
        let row = "5511987654321;mensagem de teste\n"
        let bytes = Array(("h\n\"" + String(repeating: row, count: 1000)).utf8)
        var reader = CSVReader(delimiter: UInt8(ascii: ";"), maxRecordBytes: 1000)
        var emitted = 0
        var thrown: CSVError?
        var fed = 0
        do {
            try bytes.withUnsafeBytes { all in
                while fed < all.count {
                    let end = min(fed + 100, all.count)
                    try reader.feed(UnsafeRawBufferPointer(rebasing: all[fed..<end])) { _ in emitted += 1 }
                    fed = end
                }
            }
        } catch {
            thrown = error as? CSVError
        }
        #expect(thrown == .unbalancedQuote(openedOnLine: 2, maxRecordBytes: 1000))
        #expect(emitted == 1)
        #expect(fed <= 1100)
    }

    @Test func recordTooLongReportsItsLine() {
        let long = String(repeating: "x", count: 40)
        for chunkSize in [1, 7, .max] {
            let error = readError(Array("a\nb\n\(long);y\nc\n".utf8), maxRecordBytes: 32, chunkSize: chunkSize)
            #expect(error == .recordTooLong(startingOnLine: 3, maxRecordBytes: 32))
        }
    }

    @Test func recordOfExactlyTheLimitIsAccepted() throws {
        // 8 raw bytes each: the line end is not counted, the quotes are.
        for text in ["1234;678\n", "\"234\";78\r\n", "1;\"4\"\"7\"", "1;34;678"] {
            #expect(try read(Array(text.utf8), maxRecordBytes: 8).rows.count == 1, "\(text)")
            #expect(readError(Array(text.utf8), maxRecordBytes: 7)?.code != nil, "\(text)")
        }
        #expect(readError(Array("1234;6789".utf8), maxRecordBytes: 8)?.code == .recordTooLong)
        #expect(readError(Array("\"2345678\"".utf8), maxRecordBytes: 8)?.code == .recordTooLong)
        #expect(readError(Array("\"2345678\"\"".utf8), maxRecordBytes: 9)?.code == .unbalancedQuote)
    }

    @Test func longRecordsAndManyFieldsGrowTheBuffers() throws {
        let longField = String(repeating: "ábc", count: 5000)
        let manyFields = (0..<500).map(String.init)
        let text = "\(longField);\"\(longField)\"\n" + manyFields.joined(separator: ";") + "\n"
        let rows = try read(text, chunkSize: 1000)
        #expect(rows.count == 2)
        #expect(rows.first?.fields == [longField, longField])
        #expect(rows.last?.fields == manyFields)
    }

    @Test func bytesConsumedCountsEveryByteFed() throws {
        var reader = CSVReader(delimiter: UInt8(ascii: ";"))
        try Array("a;b\nc".utf8).withUnsafeBytes { try reader.feed($0) { _ in } }
        #expect(reader.bytesConsumed == 5)
        try Array("d\n".utf8).withUnsafeBytes { try reader.feed($0) { _ in } }
        #expect(reader.bytesConsumed == 7)
    }

    @Test func errorsFromTheCallbackAreRethrown() {
        struct Stop: Error {}
        var reader = CSVReader(delimiter: UInt8(ascii: ";"))
        var seen = 0
        #expect(throws: Stop.self) {
            try Array("a\nb\nc\n".utf8).withUnsafeBytes { bytes in
                try reader.feed(bytes) { _ in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == 2)
    }

    @Test func copiesOfAReaderAreIndependent() throws {
        var first = CSVReader(delimiter: UInt8(ascii: ";"))
        try Array("a;\"par".utf8).withUnsafeBytes { try first.feed($0) { _ in } }
        var second = first
        var rows: [Row] = []
        try Array("tial\"\n".utf8).withUnsafeBytes { try first.feed($0) { rows.append(Row($0)) } }
        try Array("ty\";x\n".utf8).withUnsafeBytes { try second.feed($0) { rows.append(Row($0)) } }
        #expect(
            rows == [
                Row(["a", "partial"], quoted: [false, true], line: 1),
                Row(["a", "party", "x"], quoted: [false, true, false], line: 1),
            ]
        )
    }
}
