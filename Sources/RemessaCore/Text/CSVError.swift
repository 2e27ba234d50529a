/// Why `CSVReader` could not split a file into records; either one rejects the whole file.
///
/// Neither `description` nor `debugDescription` quotes the file's content (it holds personal data): the line
/// number is what a client needs to find the problem.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. A struct rather than an enum so that codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case unbalancedQuote
            case recordTooLong
        }

        private var value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A quoted field is still open at the end of the input, or ran past `maxRecordBytes`.
        public static let unbalancedQuote = Code(.unbalancedQuote)
        /// A record (one line, or several when a quoted field spans lines) is longer than `maxRecordBytes`.
        public static let recordTooLong = Code(.recordTooLong)

        public var description: String {
            switch value {
            case .unbalancedQuote: "unbalancedQuote"
            case .recordTooLong: "recordTooLong"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The 1-based physical line where the offending record started, or where the open quote was opened.
    public var line: Int
    /// The reader's `maxRecordBytes` when the error was thrown.
    public var maxRecordBytes: Int

    public init(code: Code, line: Int, maxRecordBytes: Int) {
        self.code = code
        self.line = line
        self.maxRecordBytes = maxRecordBytes
    }

    /// A quote opened on `line` is never closed (or is not closed within `maxRecordBytes`).
    public static func unbalancedQuote(openedOnLine line: Int, maxRecordBytes: Int) -> CSVError {
        CSVError(code: .unbalancedQuote, line: line, maxRecordBytes: maxRecordBytes)
    }

    /// The record that starts on `line` is longer than `maxRecordBytes`.
    public static func recordTooLong(startingOnLine line: Int, maxRecordBytes: Int) -> CSVError {
        CSVError(code: .recordTooLong, line: line, maxRecordBytes: maxRecordBytes)
    }

    public var description: String {
        switch code {
        case .unbalancedQuote: "CSVError.unbalancedQuote: the quote opened on line \(line) is never closed"
        default: "CSVError.\(code): the record on line \(line) is longer than \(maxRecordBytes) bytes"
        }
    }
}
