import Testing

@testable import RemessaCore

/// `FileValidator` holds rows for their duplicate lookups; with a limit of one it hands each row over as soon
/// as it is judged, which is how it worked before it held any. Every other limit must give the same rows, in
/// the same order, and the same summary.
@Suite struct FileValidatorHeldRowsTests {
    struct Run: Equatable {
        var rows: [RowOutcome]
        var summary: FileSummary
        /// The error `emit` or the validator threw, if any.
        var error: String?
    }

    struct EmitFailure: Error, CustomStringConvertible {
        let call: Int
        var description: String { "emit failed at call \(call)" }
    }

    /// Feeds `text` in chunks with at most `limit` rows held; `emit` throws on its `failingCall`-th call (1-based).
    static func run(
        _ text: String,
        name: String = "clientes.csv",
        options: ValidationOptions,
        limit: Int,
        chunkSize: Int = 1 << 20,
        reportsAcceptedRows: Bool = true,
        failingCall: Int? = nil
    ) -> Run {
        var validator = FileValidator(fileName: name, options: options)
        validator.pendingRowLimit = limit
        validator.reportsAcceptedRows = reportsAcceptedRows
        var rows: [RowOutcome] = []
        let emit: (RowOutcome) throws -> Void = { outcome in
            if rows.count + 1 == failingCall { throw EmitFailure(call: rows.count + 1) }
            rows.append(outcome)
        }
        let bytes = Array(text.utf8)
        var offset = 0
        do {
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunkSize)
                try bytes[offset..<end].withUnsafeBytes { try validator.feed($0, emit: emit) }
                offset = end
            }
            let summary = try validator.finish(emit: emit)
            return Run(rows: rows, summary: summary, error: nil)
        } catch {
            // What was counted when `emit` threw.
            return Run(rows: rows, summary: validator.summary, error: "\(error)")
        }
    }

    /// A base file mixing accepted rows, rejected ones, blank lines, repeats of the row before (in the same
    /// window, mostly) and, past 200 rows, repeats of rows 200 lines up (in earlier windows).
    static func mixedFile(rows count: Int) -> String {
        var text = "destination;nome;codigo\n"
        for index in 0..<count {
            let pair = (index % 11 == 1 ? index - 1 : index) % 200
            let row = "\(11_987_654_000 + pair);\(pair < 100 ? "Ana" : "Bia");c\(index)"
            switch index % 11 {
            case 3: text += "119876;Ana;c\(index)\n"  // too short a number
            case 5: text += "11987654321;Ana;\n"  // the same row every time
            case 7: text += "\n"
            case 9: text += row + ";extra\n"
            default: text += row + "\n"
            }
        }
        return text
    }

    static let limits = [2, 5, 32, 1000]

    @Test(arguments: [true, false])
    func heldRowsGiveTheSameRowsAndSummary(reportsAcceptedRows: Bool) {
        // Rows past 200 repeat earlier ones: each window then holds repeats of rows before it and of rows in it.
        for count in [1, 31, 32, 33, 450] {
            let text = Self.mixedFile(rows: count)
            let options = ValidationOptions(template: "Oi @Nome")
            let reference = Self.run(text, options: options, limit: 1, reportsAcceptedRows: reportsAcceptedRows)
            #expect(reference.error == nil)
            #expect(reference.summary.rows == count - count / 11 - (count % 11 > 7 ? 1 : 0))
            if count > 200 { #expect(reference.summary.reasons[.duplicate, default: 0] > 40) }
            for limit in Self.limits {
                let held = Self.run(text, options: options, limit: limit, reportsAcceptedRows: reportsAcceptedRows)
                #expect(held == reference, "\(count) rows, limit \(limit)")
            }
        }
    }

    @Test func repeatsInsideOneWindowAndAcrossWindowsNameTheirFirstLine() {
        var text = "destination;texto\n"
        text += "11987650001;A\n11987650002;B\n11987650001;A\n11987650001;A\n"  // lines 2-5
        for index in 0..<40 { text += "\(11_987_651_000 + index);x\n" }  // lines 6-45
        text += "11987650002;B\n11987650002;C\n"  // lines 46-47
        let run = Self.run(text, options: ValidationOptions(), limit: 32)
        #expect(run.rows.map(\.line) == Array(2...47))
        let repeats = run.rows.filter { $0.rejection?.code == .duplicate }
        #expect(repeats.map(\.line) == [4, 5, 46])
        #expect(
            repeats.map { $0.rejection?.sentence.en.contains("line \($0.line == 46 ? 3 : 2);") } == [true, true, true]
        )
        #expect(repeats.allSatisfy { $0.message == nil && $0.warnings.isEmpty && $0.destination.hasPrefix("55") })
        #expect(run.summary.accepted == 43)
        #expect(run.summary.reasons == [.duplicate: 3])
    }

    @Test func aFileEndingWithRowsHeldHandsThemAllOverAtFinish() {
        var validator = FileValidator(fileName: "clientes.csv", options: ValidationOptions(template: "Oi"))
        var lines: [Int] = []
        let text = "destination\n" + (0..<45).map { "1198765\(4000 + $0)\n" }.joined()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { try! validator.feed($0) { lines.append($0.line) } }
        #expect(lines.isEmpty)  // still sniffing: less than `sniffSize` was fed
        let summary = try! validator.finish { lines.append($0.line) }
        #expect(lines == Array(2...46))
        #expect(summary.rows == 45 && summary.accepted == 45)
    }

    @Test func everyRowCompleteInAFeedIsHandedOverByItsEnd() {
        // More than `sniffSize`, so rows are read while feeding; each chunk ends inside a record.
        let text = "destination;nome\n" + (0..<3000).map { "1198765\(4000 + $0);Ana Maria da Silva\n" }.joined()
        let bytes = Array(text.utf8)
        var validator = FileValidator(fileName: "clientes.csv", options: ValidationOptions(template: "Oi @Nome"))
        var lines: [Int] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 10_007)
            bytes[offset..<end].withUnsafeBytes { try! validator.feed($0) { lines.append($0.line) } }
            offset = end
            if offset >= FileValidator.sniffSize {
                let completeLines = bytes[..<offset].filter { $0 == UInt8(ascii: "\n") }.count
                #expect(lines == Array(2..<(completeLines + 1)))
            }
        }
        _ = try! validator.finish { lines.append($0.line) }
        #expect(lines == Array(2...3001))
    }

    @Test func wholeFileErrorsAfterHeldRowsComeAfterThem() {
        let many = (0..<40).map { "5511900000\(100 + $0);Texto \($0 % 3)\n" }.joined()
        let cases: [(text: String, name: String)] = [
            // Sinch: data after the EOF line stops reading (`Stop`).
            ("numero;texto\n" + many + "EOF\n5511900000003;Outra\n" + many, "x.txt"),
            // A stray quote (a `CSVError` from the reader, at finish).
            ("numero;texto\n" + many + "EOF\n\"5511900000003;Outra\n", "x.txt"),
            // Engage: a row with another column count condemns the file; later rows are only scanned.
            (
                EngageLayoutTests.header + (0..<40).map { "TELEFONE;119876\(51000 + $0);;A;;C;t;;;;;;\n" }.joined()
                    + "TELEFONE;11987651234;;A;;C;t;;;;;;ALTA;extra\n" + "TELEFONE;11987652234;;A;;C;t;;;;;;\n",
                "clientes.csv"
            ),
        ]
        for (text, name) in cases {
            let options = ValidationOptions(template: "Oi")
            let reference = Self.run(text, name: name, options: options, limit: 1)
            #expect(reference.summary.fileError != nil)
            #expect(reference.rows.count == 40)
            for limit in Self.limits {
                let held = Self.run(text, name: name, options: options, limit: limit)
                #expect(held == reference, "\(String(describing: reference.summary.fileError)), limit \(limit)")
            }
        }
    }

    @Test func aLineTooLongMidChunkStopsAfterTheRowsBeforeIt() {
        var options = ValidationOptions(template: "Oi")
        options.maxRecordBytes = 200
        let text =
            "destination\n" + (0..<40).map { "1198765\(4000 + $0)\n" }.joined() + String(repeating: "9", count: 300)
            + "\n11987654001\n"
        let reference = Self.run(text, options: options, limit: 1)
        #expect(reference.summary.fileError?.code == .lineTooLong)
        #expect(reference.rows.map(\.line) == Array(2...41))
        #expect(Self.run(text, options: options, limit: 32) == reference)
    }

    @Test func whenEmitThrowsNothingMoreIsHandedOverOrCounted() {
        let options = ValidationOptions(template: "Oi @Nome")
        // The Engage file's 42nd row condemns it: a failure on an earlier row must leave that unrecorded.
        let engage =
            EngageLayoutTests.header + (0..<41).map { "TELEFONE;\(11_987_651_000 + $0);;A;;C;t;;;;;;\n" }.joined()
            + "TELEFONE;11987651234;;A;;C;t;;;;;;ALTA;extra\n"
        for (text, reportsAcceptedRows) in [
            (Self.mixedFile(rows: 120), true), (Self.mixedFile(rows: 120), false), (engage, true),
        ] {
            let total = Self.run(text, options: options, limit: 1, reportsAcceptedRows: reportsAcceptedRows).rows.count
            #expect(total > 33)
            for failingCall in [1, 2, 17, 32, 33, 35, total / 2, total] {
                let reference = Self.run(
                    text,
                    options: options,
                    limit: 1,
                    reportsAcceptedRows: reportsAcceptedRows,
                    failingCall: failingCall
                )
                #expect(reference.error == "emit failed at call \(failingCall)")
                #expect(reference.rows.count == failingCall - 1)
                for limit in Self.limits {
                    let held = Self.run(
                        text,
                        options: options,
                        limit: limit,
                        reportsAcceptedRows: reportsAcceptedRows,
                        failingCall: failingCall
                    )
                    #expect(held == reference, "call \(failingCall), limit \(limit)")
                }
            }
        }
    }
}
