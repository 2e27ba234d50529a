/// The cells of the row being judged, as UTF-8 bytes: no `String` per cell.
///
/// A cell that is ASCII or valid UTF-8 is the record's own memory; a Windows-1252 cell is transcoded into a
/// buffer reused from row to row. So every view is valid only while the record is, that is during one
/// `judgeRow`. Columns the rows do not read stay empty, as do columns past the end of a short record.
struct RowCells {
    /// One view per column of the plan.
    private(set) var views: [UnsafeBufferPointer<UInt8>] = []
    private let transcoded = TranscodeBuffer()

    /// Points the views at `record`'s cells for the columns in `read`, settling the encoding as it goes.
    mutating func load(
        _ record: borrowing CSVRecord,
        columnCount: Int,
        read: [Bool],
        decoder: inout TextDecoder
    ) {
        if views.count != columnCount {
            views = Array(repeating: UnsafeBufferPointer(start: nil, count: 0), count: columnCount)
        }
        let count = min(record.count, columnCount)
        var transcodedBytes = -1
        for index in 0..<columnCount where read[index] {
            guard index < count else {
                views[index] = UnsafeBufferPointer(start: nil, count: 0)
                continue
            }
            let bytes = record.bytes(index)
            if decoder.isUTF8(bytes) {
                views[index] = bytes
                continue
            }
            if transcodedBytes < 0 {
                // Room for the whole row at once: growing later would move cells already pointed at.
                var total = 0
                for column in 0..<count where read[column] { total &+= record.bytes(column).count }
                transcoded.reserve(total &* 3)
                transcodedBytes = 0
            }
            let start = transcoded.base + transcodedBytes
            let written = Windows1252.decode(bytes, into: start)
            views[index] = UnsafeBufferPointer(start: start, count: written)
            transcodedBytes &+= written
        }
    }

    /// The cell of `column`, or an empty buffer.
    @inline(__always)
    subscript(column: Int) -> UnsafeBufferPointer<UInt8> {
        column < views.count ? views[column] : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The cell of `column` as text (for the rarer paths that need one).
    func string(_ column: Int) -> String {
        String(decoding: self[column], as: UTF8.self)
    }
}

/// Memory for transcoded cells, kept from row to row.
private final class TranscodeBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `count` bytes; what was there before is dropped.
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, capacity &* 2)
        base = .allocate(capacity: capacity)
    }
}
