/// Reads a client's opt-out upload (`optout/<name>`, contract §11) as it streams past, judging each line.
///
/// The file is one number a line, or has a header naming a destination column (the §2 aliases: `TELEFONE`,
/// `CELULAR`, `DESTINATION`…) and optionally an `ACAO`/`ACTION` column. Without a header a second cell, when
/// present, is the action. Decoding and splitting are the client files' (UTF-8 or Windows-1252, a BOM, CRLF,
/// `;` `,` TAB or `|`, quoted cells); numbers are read with the drop's ``PhoneNumberPolicy``.
///
/// Whole-file verdicts: `EMPTY_FILE` (nothing but blank lines), `BINARY_FILE`, `NO_DATA_ROWS` (a header
/// alone), `UNKNOWN_LAYOUT` (a first line that is neither a number nor such a header), `UNBALANCED_QUOTE`,
/// `LINE_TOO_LONG`. A file rejected as a whole changes nothing, whatever lines were emitted before the verdict.
/// Pure: the caller reads the file and feeds chunks; each judged line goes to `emit` in file order.
public struct OptOutUploadReader {
    /// The largest upload read: about four million numbers, whose changes are applied in one transaction.
    public static let maxBytes = 64 << 20

    private let parser: PhoneNumberParser
    private let maxRecordBytes: Int
    private var sample: [UInt8] = []
    private var reader: CSVReader?
    private var decoder = TextDecoder(sample: [UInt8]())
    /// Decided by the first non-blank line.
    private var columns: Columns?
    private var stopped = false
    public private(set) var summary = OptOutUploadSummary()

    /// Where the number and the action are.
    private struct Columns {
        var number: Int
        var action: Int?
        var headerLine: Int?
    }

    /// Thrown inside the CSV reader's callback to stop at a whole-file error.
    private struct Stop: Error {}

    /// Bytes gathered before deciding the encoding and the delimiter, as the validator does.
    private static let sniffSize = 64 * 1024

    public init(policy: PhoneNumberPolicy, maxRecordBytes: Int = 64 * 1024) {
        parser = PhoneNumberParser(policy: policy)
        self.maxRecordBytes = maxRecordBytes
    }

    /// Feeds the next chunk of the file. Throws only what `emit` throws.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (OptOutUploadLine) throws -> Void) throws {
        guard !stopped else { return }
        guard var reader = reader.take() else {
            sample.append(contentsOf: chunk)
            if sample.count >= Self.sniffSize { try start(emit: emit) }
            return
        }
        do {
            try reader.feed(chunk) { record in try handle(record, emit: emit) }
            self.reader = reader
        } catch {
            try absorb(error)
        }
    }

    /// Ends the file and returns the verdict. Throws only what `emit` throws.
    public mutating func finish(emit: (OptOutUploadLine) throws -> Void) throws -> OptOutUploadSummary {
        if !stopped, reader == nil {
            if sample.isEmpty {
                stop(with: .emptyFile)
            } else {
                try start(emit: emit)
            }
        }
        if !stopped, var reader = reader.take() {
            do {
                try reader.finish { record in try handle(record, emit: emit) }
            } catch {
                try absorb(error)
            }
        }
        summary.encoding = decoder.encoding
        if summary.fileError == nil {
            if let columns {
                if summary.lines == 0 { stop(with: .noDataRows(headerLine: columns.headerLine ?? 1)) }
            } else {
                stop(with: .emptyFile)
            }
        }
        return summary
    }

    /// Reads `bytes` as a whole file: every judged line and the verdict (for tests and small files).
    public static func read(
        _ bytes: [UInt8],
        policy: PhoneNumberPolicy
    ) -> (lines: [OptOutUploadLine], summary: OptOutUploadSummary) {
        var reader = OptOutUploadReader(policy: policy)
        var lines: [OptOutUploadLine] = []
        // `emit` only appends, so nothing here throws.
        try? bytes.withUnsafeBytes { chunk in try reader.feed(chunk) { lines.append($0) } }
        let summary = (try? reader.finish { lines.append($0) }) ?? reader.summary
        return (lines, summary)
    }

    private mutating func start(emit: (OptOutUploadLine) throws -> Void) throws {
        if let verdict = ContentSniffer.binaryVerdict(sample) {
            stop(with: .binary(verdict))
            return
        }
        decoder = TextDecoder(sample: sample)
        summary.delimiter = DelimiterDetector.detect(sample)
        var reader = CSVReader(delimiter: summary.delimiter, maxRecordBytes: maxRecordBytes)
        let sample = sample
        self.sample = []
        do {
            try sample.withUnsafeBytes { bytes in
                try reader.feed(bytes) { record in try handle(record, emit: emit) }
            }
            self.reader = reader
        } catch {
            try absorb(error)
        }
    }

    /// Turns the CSV reader's errors and ``Stop`` into the whole-file verdict; rethrows `emit`'s.
    private mutating func absorb(_ error: any Error) throws {
        switch error {
        case let error as CSVError:
            stop(
                with: error.code == .unbalancedQuote
                    ? .unbalancedQuote(line: error.line) : .lineTooLong(line: error.line, limit: maxRecordBytes)
            )
        case is Stop:
            stopped = true
        default:
            throw error
        }
    }

    private mutating func stop(with rejection: FileRejection) {
        if summary.fileError == nil { summary.fileError = rejection }
        stopped = true
        reader = nil
    }

    private mutating func handle(_ record: borrowing CSVRecord, emit: (OptOutUploadLine) throws -> Void) throws {
        if Self.isEmpty(record) { return }
        if columns == nil {
            var cells: [String] = []
            for index in 0..<record.count { cells.append(decoder.string(from: record.bytes(index))) }
            switch decideColumns(cells, line: record.line) {
            case .header:
                return
            case .data:
                break
            case .unknown(let rejection):
                stop(with: rejection)
                throw Stop()
            }
        }
        try judge(record, emit: emit)
    }

    /// A line of nothing but delimiters, spaces and tabs.
    private static func isEmpty(_ record: borrowing CSVRecord) -> Bool {
        if record.isBlank { return true }
        for index in 0..<record.count {
            for byte in record.bytes(index) where byte != UInt8(ascii: " ") && byte != 0x09 { return false }
        }
        return true
    }

    private enum FirstLine {
        case header
        case data
        case unknown(FileRejection)
    }

    /// Reads the first line: a header naming the number column (and maybe the action's), or already a number.
    private mutating func decideColumns(_ cells: [String], line: Int) -> FirstLine {
        let names = cells.map { HeaderName.normalise($0) }
        for alias in BaseLayout.destination {
            guard let number = names.firstIndex(of: alias) else { continue }
            let action = names.firstIndex { Self.actionColumnNames.contains($0) }
            columns = Columns(number: number, action: action, headerLine: line)
            summary.numberColumn = cells[number].trimmingSpaces
            summary.actionColumn = action.map { cells[$0].trimmingSpaces }
            return .header
        }
        // A bare number may be written `(11) 9…` or `+55…`: any digit in the first cell makes it data.
        guard names.first?.contains(where: \.isASCIIDigit) == true else {
            return .unknown(.optOutFirstLine(line: line))
        }
        columns = Columns(number: 0, action: 1, headerLine: nil)
        return .data
    }

    /// `ACAO` (from `Ação`) and `ACTION`, after normalisation.
    static let actionColumnNames: Set<String> = ["ACAO", "ACTION"]

    private mutating func judge(_ record: borrowing CSVRecord, emit: (OptOutUploadLine) throws -> Void) throws {
        guard let columns else { return }
        let numberCell =
            columns.number < record.count ? decoder.string(from: record.bytes(columns.number)).trimmingSpaces : ""
        let actionCell =
            columns.action.flatMap { $0 < record.count ? decoder.string(from: record.bytes($0)).trimmingSpaces : nil }
            ?? ""
        let action = OptOutUploadAction(cell: actionCell)
        let judged: OptOutUploadLine
        switch parser.parse(numberCell) {
        case .failure(let problem):
            let reason: OptOutLineReason = problem == .empty ? .missingDestination : .invalidNumber
            judged = OptOutUploadLine(
                line: record.line,
                number: numberCell,
                action: action?.rawValue ?? actionCell,
                verdict: .reject(reason, problem.sentence())
            )
        case .success(let number):
            judged = OptOutUploadLine(
                line: record.line,
                number: number.digits,
                action: action?.rawValue ?? actionCell,
                verdict: action.map { .apply($0) }
                    ?? .reject(.unknownAction, OptOutLineReason.unknownActionSentence)
            )
        }
        summary.lines += 1
        if judged.change == nil { summary.rejected += 1 } else { summary.applied += 1 }
        try emit(judged)
    }
}

extension String {
    /// Without surrounding spaces, tabs and NBSPs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension FileRejection {
    /// `UNKNOWN_LAYOUT` for an opt-out upload whose first line is neither a number nor a header with a number
    /// column.
    static func optOutFirstLine(line: Int) -> FileRejection {
        FileRejection(
            code: .unknownLayout,
            line: line,
            sentence: LocalizedSentence(
                ptBR: "A primeira linha não é um número nem um cabeçalho com a coluna do número (TELEFONE, CELULAR, "
                    + "DESTINATION…). Envie um número por linha, ou um cabeçalho como TELEFONE;ACAO.",
                en: "The first line is neither a number nor a header with a number column (TELEFONE, CELULAR, "
                    + "DESTINATION…). Upload one number a line, or a header such as TELEFONE;ACAO."
            )
        )
    }
}
