/// Writes the cells of Remessa's own CSV files: `;`-separated, RFC 4180 quoting, and formula-safe — a cell
/// that starts with `=`, `+`, `-` or `@` is quoted and prefixed with `'`, so Excel shows it as text instead of
/// running it (contract §6).
///
/// The `append` forms write UTF-8 straight into a byte buffer: a result file has a line per row of a
/// million-row file, and building `String`s for it cost a quarter of the daemon's validating thread
/// (`bench/run ingest`).
public enum OutputCSV {
    public static let delimiter = ";"
    public static let lineEnd = "\r\n"
    /// UTF-8 byte order mark: Excel needs it to read accents right.
    public static let byteOrderMark = "\u{FEFF}"

    /// One cell, escaped.
    public static func cell(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendCell(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A whole line: escaped cells joined by `;`, ended by CRLF.
    public static func line(_ cells: [String]) -> String {
        var bytes: [UInt8] = []
        for (index, value) in cells.enumerated() {
            if index > 0 { appendDelimiter(to: &bytes) }
            appendCell(value, to: &bytes)
        }
        appendLineEnd(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` escaped.
    public static func appendCell(_ value: String, to line: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendCell(utf8: $0, to: &line) }
    }

    /// Appends a number (never needs quoting).
    public static func appendCell(_ number: Int, to line: inout [UInt8]) {
        if number < 0 { line.append(UInt8(ascii: "-")) }
        let start = line.count
        var magnitude = number.magnitude
        repeat {
            line.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        line[start...].reverse()
    }

    public static func appendDelimiter(to line: inout [UInt8]) {
        line.append(UInt8(ascii: ";"))
    }

    public static func appendLineEnd(to line: inout [UInt8]) {
        line.append(0x0D)
        line.append(0x0A)
    }

    /// Quote doubling works on bytes: `"` never occurs inside a multi-byte UTF-8 sequence.
    private static func appendCell(utf8 value: UnsafeBufferPointer<UInt8>, to line: inout [UInt8]) {
        guard let first = value.first else { return }
        let dangerous =
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@")
        let needsQuotes =
            dangerous
            || value.contains { byte in
                byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
            }
        guard needsQuotes else {
            line.append(contentsOf: value)
            return
        }
        line.append(UInt8(ascii: "\""))
        if dangerous { line.append(UInt8(ascii: "'")) }
        for byte in value {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }
}
