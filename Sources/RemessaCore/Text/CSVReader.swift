/// Splits delimited text (RFC 4180, with the leniency real exports need) into records, as the bytes arrive.
///
/// Push-based: the caller reads the file and hands over chunks of any size (one byte works); the reader calls
/// back once per complete record, in order, and keeps only the record in progress, so memory grows with the
/// longest record, never with the file. It works on bytes: the encoding is `TextDecoder`'s business, which is
/// safe because the delimiter, the quote, CR and LF never occur inside a UTF-8 or Windows-1252 character.
///
/// Rules:
/// - Records end at CRLF, LF or a lone CR (old Mac exports); a CRLF split across two chunks is one line end.
/// - A field that starts with `"` is quoted: it may hold delimiters, line ends of any kind and `""` (one quote).
/// - Lenient: a quote inside an unquoted field is literal (`abc"def`), and text between a closing quote and the
///   next delimiter is appended literally (`"abc"def` reads `abcdef`, still marked quoted), as Excel reads them.
/// - A UTF-8 BOM at the very start is skipped (`startedWithBOM`).
/// - Every line end ends a record, so an empty line is a record whose `isBlank` is true; the end of the input
///   after a line end adds nothing, and a last line without a line end is still a record (`finish`).
/// - A record longer than `maxRecordBytes` (raw bytes, quotes included, line end excluded) throws
///   `recordTooLong`; a quoted field still open at the end of the input, or running past `maxRecordBytes`
///   (which almost always means a stray quote), throws `unbalancedQuote` with the line the quote opened on.
///
/// After `feed` or `finish` throws, the reader is in an unspecified state: reject the file, don't feed it more.
public struct CSVReader: Sendable {
    static let quote = UInt8(ascii: "\"")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")

    /// Where the scanner is between two bytes; it survives from one chunk to the next.
    enum ScanState: UInt8, Sendable {
        /// Before the first byte of a record.
        case recordStart
        /// Right after a delimiter.
        case fieldStart
        /// Inside an unquoted field, or after the closing quote of a quoted one.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Inside a quoted field, right after a CR (a following LF is part of the same line end).
        case quotedAfterCR
        /// Right after a quote inside a quoted field: `""` (an escaped quote) or the closing quote.
        case quoteInQuoted
    }

    /// The field separator.
    public let delimiter: UInt8
    /// The longest record accepted, in raw bytes.
    public let maxRecordBytes: Int
    /// How many bytes were fed so far (BOM included), for progress bars.
    public private(set) var bytesConsumed = 0
    /// Whether the input started with a UTF-8 BOM (which is skipped, not part of the first field).
    public private(set) var startedWithBOM = false

    let classes: CSVByteClasses
    var buffer: CSVRecordBuffer
    var state = ScanState.recordStart
    /// A record just ended on CR: an LF at the start of the next chunk completes that line end.
    var skipLineFeed = false
    /// Whether the field being read started with a quote.
    var fieldQuoted = false
    /// The physical line of the next byte.
    var line = 1
    /// The line where the current record started.
    var recordLine = 1
    /// The line where the current quoted field opened.
    var quoteLine = 1
    /// The stream offset of the next byte to scan (BOM included).
    var position = 0
    /// The stream offset where the current record started.
    var recordStart = 0
    /// How many bytes of a UTF-8 BOM have been seen at the start, held back until it is whole; -1 when decided.
    private var bomBytesSeen = 0

    /// A reader for records separated by `delimiter`, rejecting records longer than `maxRecordBytes`.
    public init(delimiter: UInt8, maxRecordBytes: Int = 1 << 16) {
        precondition(
            delimiter != Self.quote && delimiter != Self.carriageReturn && delimiter != Self.lineFeed,
            "the delimiter cannot be a quote or a line end"
        )
        precondition(maxRecordBytes > 0, "maxRecordBytes must be positive")
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        classes = CSVByteClasses(delimiter: delimiter)
        buffer = CSVRecordBuffer(maxRecordBytes: maxRecordBytes)
    }

    /// Feeds the next chunk of the file; calls `body` once per complete record, in order.
    ///
    /// The record passed to `body` is valid only during that call (see `CSVRecord`). Errors thrown by `body`
    /// are rethrown.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (borrowing CSVRecord) throws -> Void
    ) throws {
        guard var start = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), !chunk.isEmpty else { return }
        bytesConsumed &+= chunk.count
        var count = chunk.count
        while bomBytesSeen >= 0 && count > 0 {
            if start.pointee == Self.bomByte(bomBytesSeen) {
                bomBytesSeen &+= 1
                start += 1
                count &-= 1
                if bomBytesSeen == 3 {
                    startedWithBOM = true
                    bomBytesSeen = -1
                    position = 3
                }
            } else {
                try replayHeldBOMBytes(body)
            }
        }
        if count > 0 {
            try scan(start, count: count, body)
        }
    }

    /// Ends the input: emits a last record without a line end, or throws if a quote is still open.
    public mutating func finish(_ body: (borrowing CSVRecord) throws -> Void) throws {
        if bomBytesSeen > 0 {
            try replayHeldBOMBytes(body)
        }
        bomBytesSeen = -1
        skipLineFeed = false
        switch state {
        case .recordStart:
            return
        case .quoted, .quotedAfterCR:
            throw CSVError.unbalancedQuote(openedOnLine: quoteLine, maxRecordBytes: maxRecordBytes)
        case .fieldStart, .unquoted, .quoteInQuoted:
            // The closing quote of a last field is not yet counted against the limit.
            guard position &- recordStart <= maxRecordBytes else {
                throw CSVError.recordTooLong(startingOnLine: recordLine, maxRecordBytes: maxRecordBytes)
            }
            buffer.makeUnique()
            buffer.endField(quoted: fieldQuoted)
            fieldQuoted = false
            state = .recordStart
            defer { buffer.reset() }
            try body(buffer.record(line: recordLine, endLine: line))
        }
    }

    /// The input did not start with a whole BOM: scans the bytes held back while it looked like one.
    private mutating func replayHeldBOMBytes(_ body: (borrowing CSVRecord) throws -> Void) throws {
        let held = bomBytesSeen
        bomBytesSeen = -1
        guard held > 0 else { return }
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3) { bytes in
            for index in 0..<held {
                bytes[index] = Self.bomByte(index)
            }
            try scan(bytes.baseAddress!, count: held, body)
        }
    }

    private static func bomByte(_ index: Int) -> UInt8 {
        switch index {
        case 0: 0xEF
        case 1: 0xBB
        default: 0xBF
        }
    }
}
