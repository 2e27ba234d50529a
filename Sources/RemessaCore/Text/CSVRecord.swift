/// One record handed out by `CSVReader`, valid only inside the callback that receives it.
///
/// The record is noncopyable and lent to the callback (`borrowing`), so it cannot be stored or returned: the
/// compiler rejects it. Its fields point into the reader's reusable buffer, which the next record overwrites;
/// `bytes(_:)` hands out that memory directly (no copy, no allocation), so the buffer pointers must not be kept
/// either. Copy what you need (`Array(record.bytes(i))`, or decode it with `TextDecoder`) before returning.
public struct CSVRecord: ~Copyable {
    /// The unescaped bytes of every field, one after another.
    private let storage: UnsafePointer<UInt8>
    /// For each field, `end << 1 | quoted`, where `end` is the offset in `storage` just past the field.
    private let ends: UnsafePointer<Int>

    /// The 1-based physical line where the record starts (what an editor shows), counting CRLF, LF and CR.
    public let line: Int
    /// The last physical line of the record: later than `line` when a quoted field spans lines.
    public let endLine: Int
    /// The number of fields; at least 1 (an empty line is one empty field).
    public let count: Int

    init(storage: UnsafePointer<UInt8>, ends: UnsafePointer<Int>, count: Int, line: Int, endLine: Int) {
        self.storage = storage
        self.ends = ends
        self.count = count
        self.line = line
        self.endLine = endLine
    }

    /// The bytes of field `index`, quotes removed and `""` unescaped, in the file's own encoding.
    @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < count, "CSVRecord field index out of range")
        let start = index == 0 ? 0 : ends[index &- 1] &>> 1
        let end = ends[index] &>> 1
        return UnsafeBufferPointer(start: storage + start, count: end &- start)
    }

    /// Whether field `index` was written between quotes (`""` is an empty quoted field).
    @inline(__always)
    public func isQuoted(_ index: Int) -> Bool {
        precondition(index >= 0 && index < count, "CSVRecord field index out of range")
        return ends[index] & 1 == 1
    }

    /// Whether the line holds no data: a single empty field (quoted or not), or only empty unquoted fields
    /// (Excel writes `;;;;` for an empty row).
    public var isBlank: Bool {
        if count == 1 { return ends[0] &>> 1 == 0 }
        for index in 0..<count where ends[index] != 0 {
            return false
        }
        return true
    }
}
