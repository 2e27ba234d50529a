import RemessaCore

/// Reads an opt-out import file as it streams past: one number a line, or a CSV whose number column is named
/// `telefone`, `celular`, `phone`, `destination` (or another of the contract's destination names), or else is
/// its first column.
///
/// Decoding and splitting are RemessaCore's, as for client files: UTF-8 or Windows-1252, a BOM, `;` `,` TAB or
/// `|`, quoted cells. Numbers are read with ``OptOutNumbers/parser``; a line whose number is not valid is kept
/// as a ``BadLine`` and skipped.
struct OptOutFileReader {
    /// A line skipped, with why.
    struct BadLine {
        var line: Int
        var reason: String
    }

    /// Why the file cannot be imported at all.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Bad lines kept to show; the others are only counted.
    static let badLinesKept = 100

    /// The numbers read (E.164 digits), in file order, repeats included.
    private(set) var numbers: [String] = []
    /// The first ``badLinesKept`` bad lines.
    private(set) var badLines: [BadLine] = []
    private(set) var badLineCount = 0
    /// The header's name of the number column, when the file has a header.
    private(set) var columnName: String?

    private var sample: [UInt8] = []
    private var reader: CSVReader?
    private var decoder = TextDecoder(sample: [UInt8]())
    private var column: Int?

    /// Bytes gathered before deciding the encoding and the delimiter, as the validator does.
    private static let sniffSize = 64 * 1024
    private static let maxRecordBytes = 64 * 1024

    /// Feeds the next chunk of the file.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        guard var reader = reader.take() else {
            sample.append(contentsOf: chunk)
            if sample.count >= Self.sniffSize { try start() }
            return
        }
        defer { self.reader = reader }
        do {
            try reader.feed(chunk) { record in handle(record) }
        } catch {
            throw Self.failure(error)
        }
    }

    /// Ends the file.
    mutating func finish() throws(Failure) {
        if reader == nil {
            guard !sample.isEmpty else { throw Failure(description: "the file is empty") }
            try start()
        }
        guard var reader = reader.take() else { return }
        do {
            try reader.finish { record in handle(record) }
        } catch {
            throw Self.failure(error)
        }
    }

    private mutating func start() throws(Failure) {
        if let verdict = ContentSniffer.binaryVerdict(sample) {
            throw Failure(description: verdict.sentence().en)
        }
        decoder = TextDecoder(sample: sample)
        var reader = CSVReader(delimiter: DelimiterDetector.detect(sample), maxRecordBytes: Self.maxRecordBytes)
        let sample = sample
        self.sample = []
        do {
            try sample.withUnsafeBytes { bytes in
                try reader.feed(bytes) { record in handle(record) }
            }
        } catch {
            throw Self.failure(error)
        }
        self.reader = reader
    }

    private static func failure(_ error: any Error) -> Failure {
        Failure(description: "the file cannot be read as text lines: \(error); nothing was imported")
    }

    private mutating func handle(_ record: borrowing CSVRecord) {
        if record.isBlank { return }
        guard let column else {
            if decideColumn(record) { return }
            handleNumber(record, column: 0)
            return
        }
        handleNumber(record, column: column)
    }

    /// Reads the first line: a header naming the number column, a header of other names (numbers in the first
    /// column), or already a number. Returns whether the line was a header.
    private mutating func decideColumn(_ record: borrowing CSVRecord) -> Bool {
        var names: [String] = []
        for index in 0..<record.count {
            names.append(HeaderName.normalise(decoder.string(from: record.bytes(index))))
        }
        for name in BaseLayout.destination {
            if let index = names.firstIndex(of: name) {
                column = index
                columnName = decoder.string(from: record.bytes(index))
                return true
            }
        }
        column = 0
        // A first cell without a digit is a title ("Número", "contato"), not a number to read.
        guard names[0].contains(where: \.isASCIIDigit) else {
            columnName = decoder.string(from: record.bytes(0))
            return true
        }
        return false
    }

    private mutating func handleNumber(_ record: borrowing CSVRecord, column: Int) {
        guard column < record.count else {
            return bad(record.line, "the line has no column \(column + 1) (\(columnName ?? "the number"))")
        }
        let cell = decoder.string(from: record.bytes(column))
        switch OptOutNumbers.parser.parse(cell) {
        case .success(let number):
            numbers.append(number.digits)
        case .failure(let problem):
            bad(record.line, problem.sentence().en)
        }
    }

    private mutating func bad(_ line: Int, _ reason: String) {
        badLineCount += 1
        if badLines.count < Self.badLinesKept { badLines.append(BadLine(line: line, reason: reason)) }
    }
}
