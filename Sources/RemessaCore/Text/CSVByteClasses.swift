/// Which bytes stop the scan of a field, for one delimiter: a 256-entry table read once per byte.
final class CSVByteClasses: @unchecked Sendable {
    // @unchecked: the table is written only in `init`, then only read.

    /// Set for the delimiter, CR and LF: the bytes that end an unquoted field.
    static let endsUnquoted: UInt8 = 1
    /// Set for the quote, CR and LF: the bytes a quoted field must look at (CR and LF only to count lines).
    static let endsQuoted: UInt8 = 2

    let table: UnsafeMutablePointer<UInt8>

    init(delimiter: UInt8) {
        table = .allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        table[Int(delimiter)] |= Self.endsUnquoted
        for byte in [CSVReader.carriageReturn, CSVReader.lineFeed] {
            table[Int(byte)] |= Self.endsUnquoted | Self.endsQuoted
        }
        table[Int(CSVReader.quote)] |= Self.endsQuoted
    }

    deinit {
        table.deallocate()
    }
}
