/// Judges a client file as it streams past: layout, every row's verdict, and the whole-file verdict.
///
/// Push-based and pure: the caller reads the file and feeds chunks; each row's outcome is handed to `emit`, in
/// file order, before the `feed` or `finish` call that completes its record returns (a few rows wait there for
/// their duplicate lookups to be made together), so memory depends on the longest record, not on the file
/// (apart from the duplicate table: a 16-byte slot per accepted row, the table at most half full, so 32 MB for a
/// million rows). `remessa check` and the daemon both use it, so a file is judged the same offline and in
/// production.
public struct FileValidator {
    public let fileName: String
    public let options: ValidationOptions

    private var phase: Phase = .sniffing([])
    var decoder = TextDecoder(sample: [UInt8]())
    var plan: ColumnPlan?
    var dropTemplate: MessageTemplate?
    /// Why the drop's template cannot be used with this file, which has a message column: only the rows that
    /// would fall back to it are rejected (contract §2).
    var dropTemplateError: TemplateError?
    var summary: FileSummary
    var duplicates = DuplicateDetector()
    /// Rows judged but not yet handed to `emit`, in file order; never more than `pendingRowLimit`.
    var pendingRows: [PendingRow] = []
    /// Rows held back to have their duplicate lookups made together (1 hands each row over at once).
    var pendingRowLimit = 32
    /// The destination column's name, for `DUPLICATE`.
    var destinationField = ""
    var endMarkerLine: Int?
    var lastLine = 0
    /// The row's cells as UTF-8, reused from row to row.
    var cells = RowCells()
    /// The row's rendered message, reused from row to row.
    var messageBytes: [UInt8] = []
    /// Its GSM-7 transliteration, when the template rendered one.
    var transliteratedBytes: [UInt8] = []
    /// Row messages compiled as templates, by text; at most `rowTemplateCacheSize` entries taking about
    /// `rowTemplateCacheBytes` (texts and compiled forms), counted in `rowTemplateBytes`.
    var rowTemplates: [String: MessageTemplate] = [:]
    var rowTemplateBytes = 0
    static let rowTemplateCacheSize = 4096
    static let rowTemplateCacheBytes = 8 << 20
    /// A text whose entry would take more is compiled for its row and not kept.
    static let rowTemplateEntryBytes = 64 << 10
    /// The longest text, in UTF-8 bytes, a template may render for a row; a longer one is `MESSAGE_TOO_LONG`
    /// without being built (``renderByteLimit(maxSegments:)``).
    let renderByteLimit: Int
    /// Which columns `cells` holds: those the rows read, decided with the header.
    var decodedColumns: [Bool] = []
    let phoneParser: PhoneNumberParser
    let encoder: SMSEncoder
    /// Destinations on the suppression list (E.164 digits): their rows are `OPTED_OUT`.
    let suppressed: Set<String>
    /// Whether accepted rows are handed to `emit`. `false` when only the counts and the rejected rows matter
    /// (`remessa check` without a result file): accepted rows are then only counted, and their message texts
    /// are never built. Rejected rows are always handed over.
    public var reportsAcceptedRows = true

    private enum Phase {
        /// Collecting the first bytes to sniff the content, the encoding and the delimiter.
        case sniffing([UInt8])
        case reading(CSVReader)
        /// A whole-file error ended reading early; the rest of the input is only counted.
        case stopped
    }

    /// Thrown inside the reader's callback to stop at a whole-file error.
    private struct Stop: Error {}

    /// Bytes gathered before deciding encoding and delimiter.
    static let sniffSize = 64 * 1024

    /// A validator for `fileName`; rows whose number is in `suppressed` (E.164 digits, the daemon's opt-out
    /// list) are rejected as `OPTED_OUT`. `remessa check` passes no list.
    public init(fileName: String, options: ValidationOptions, suppressed: Set<String> = []) {
        self.fileName = fileName
        self.options = options
        self.suppressed = suppressed
        summary = FileSummary(fileName: fileName)
        phoneParser = PhoneNumberParser(policy: options.phonePolicy)
        encoder = SMSEncoder(transliterate: options.transliterate)
        renderByteLimit = Self.renderByteLimit(maxSegments: options.maxSegments)
    }

    /// Bytes read so far, for progress bars.
    public var bytesFed: Int { summary.bytes }

    /// Feeds the next chunk of the file. Throws only what `emit` throws.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (RowOutcome) throws -> Void) throws {
        summary.bytes += chunk.count
        if case .stopped = phase { return }
        if let limit = options.maxFileBytes, summary.bytes > limit {
            stop(with: .fileTooLarge(limit: limit))
            return
        }
        switch phase {
        case .stopped:
            return
        case .sniffing(var buffer):
            phase = .stopped  // releases the enum's reference, so appending does not copy the buffer
            buffer.append(contentsOf: chunk)
            guard buffer.count >= Self.sniffSize else {
                phase = .sniffing(buffer)
                return
            }
            try startReading(sample: buffer, emit: emit)
        case .reading(var reader):
            phase = .stopped  // the reader is moved out while it runs; `read` puts it back
            try read(chunk, with: &reader, emit: emit)
        }
    }

    /// Ends the file and returns the verdict.
    public mutating func finish(emit: (RowOutcome) throws -> Void) throws -> FileSummary {
        if case .sniffing(let buffer) = phase {
            if buffer.isEmpty {
                stop(with: .emptyFile)
            } else {
                try startReading(sample: buffer, emit: emit)
            }
        }
        if case .reading(var reader) = phase {
            phase = .stopped
            do {
                try reader.finish { record in try handle(record, emit: emit) }
                try flushPendingRows(emit)
            } catch let error as CSVError {
                try flushPendingRows(emit)
                stop(with: rejection(for: error))
            } catch is Stop {
                // The whole-file error is already recorded.
                try flushPendingRows(emit)
            }
            summary.startedWithBOM = reader.startedWithBOM
            concludeFile()
        }
        summary.encoding = decoder.encoding
        if !summary.fileErrors.isEmpty {
            // A file rejected as a whole sends nothing: every row goes down with it.
            summary.accepted = 0
            summary.rejected = summary.rows
            summary.segments = 0
            summary.messagesByEncoding = [:]
        }
        return summary
    }

    // MARK: - Reading

    private mutating func startReading(sample: [UInt8], emit: (RowOutcome) throws -> Void) throws {
        if let verdict = ContentSniffer.binaryVerdict(sample) {
            stop(with: .binary(verdict))
            return
        }
        decoder = TextDecoder(sample: sample)
        let delimiter = DelimiterDetector.detect(sample)
        summary.delimiter = delimiter
        var reader = CSVReader(delimiter: delimiter, maxRecordBytes: options.maxRecordBytes)
        try sample.withUnsafeBytes { bytes in
            try read(bytes, with: &reader, emit: emit)
        }
    }

    private mutating func read(
        _ bytes: UnsafeRawBufferPointer,
        with reader: inout CSVReader,
        emit: (RowOutcome) throws -> Void
    ) throws {
        do {
            try reader.feed(bytes) { record in try handle(record, emit: emit) }
            try flushPendingRows(emit)
            phase = .reading(reader)
        } catch let error as CSVError {
            try flushPendingRows(emit)
            stop(with: rejection(for: error))
        } catch is Stop {
            try flushPendingRows(emit)
            phase = .stopped
        }
    }

    private mutating func stop(with rejection: FileRejection) {
        summary.fileErrors.append(rejection)
        phase = .stopped
    }

    private func rejection(for error: CSVError) -> FileRejection {
        switch error.code {
        case .unbalancedQuote: .unbalancedQuote(line: error.line)
        default: .lineTooLong(line: error.line, limit: options.maxRecordBytes)
        }
    }

    // MARK: - Records

    private mutating func handle(_ record: borrowing CSVRecord, emit: (RowOutcome) throws -> Void) throws {
        lastLine = record.endLine
        if record.isBlank {
            if plan != nil {
                try flushPendingRows(emit)
                summary.blankLines += 1
            }
            return
        }
        // Moved out and back rather than bound: a copy would retain its arrays for every row.
        guard let plan = plan.take() else {
            try readHeader(record, emit: emit)
            return
        }
        defer { self.plan = plan }
        if plan.layout == .sinch {
            if let endMarkerLine {
                try flushPendingRows(emit)
                summary.fileErrors.append(.dataAfterEOF(line: record.line, eofLine: endMarkerLine))
                throw Stop()
            }
            if isEndMarker(record) {
                endMarkerLine = record.line
                return
            }
        }
        try judgeRow(record, plan: plan, emit: emit)
    }

    private mutating func readHeader(_ record: borrowing CSVRecord, emit: (RowOutcome) throws -> Void) throws {
        var fields: [String] = []
        for index in 0..<record.count {
            fields.append(decoder.string(from: record.bytes(index)))
        }
        switch HeaderInterpreter.interpret(fields: fields, line: record.line, choice: options.layout) {
        case .rejected(let rejection):
            summary.fileErrors.append(rejection)
            throw Stop()
        case .header(let plan):
            try adopt(plan)
            summary.columns = Array(fields.prefix(plan.names.count))
        case .headerlessSinch(let plan):
            try adopt(plan)
            try judgeRow(record, plan: plan, emit: emit)
        }
    }

    private mutating func adopt(_ plan: ColumnPlan) throws {
        self.plan = plan
        destinationField = plan.name(of: plan.destination)
        decodedColumns = plan.columnsRead(templateNames: [])
        summary.layout = plan.layout
        if plan.layout == .sinch { summary.subAccount = SinchFileName.subAccount(of: fileName) }
        if let template = options.template {
            do {
                let compiled = try MessageTemplate.compile(template, catalog: plan.catalog)
                dropTemplate = compiled
                decodedColumns = plan.columnsRead(templateNames: compiled.placeholderNames)
            } catch {
                // The template is only the text of rows without their own (contract §2): with a message column
                // the rows that fall back to it are rejected one by one; without one, every row would.
                guard plan.message != nil else {
                    summary.fileErrors.append(.unknownPlaceholder(error, line: nil, field: "template"))
                    throw Stop()
                }
                dropTemplateError = error
            }
        }
    }

    private func isEndMarker(_ record: borrowing CSVRecord) -> Bool {
        let first = record.bytes(0)
        guard first.count >= 3, first.count <= 8 else { return false }
        for index in 1..<record.count where record.bytes(index).count > 0 { return false }
        var letters: [UInt8] = []
        for byte in first where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
            letters.append(byte | 0x20)
        }
        return letters == Array("eof".utf8)
    }

    // MARK: - Whole file

    private mutating func concludeFile() {
        guard summary.fileErrors.isEmpty else { return }
        guard let plan else {
            summary.fileErrors.append(.emptyFile)
            return
        }
        if plan.layout == .sinch, endMarkerLine == nil {
            summary.fileErrors.append(.missingEOF(lastLine: lastLine))
        } else if summary.rows == 0 {
            summary.fileErrors.append(.noDataRows(headerLine: plan.headerLine ?? 1))
        } else if summary.accepted == 0 {
            summary.fileErrors.append(.noValidRows(rows: summary.rows))
        }
    }
}
