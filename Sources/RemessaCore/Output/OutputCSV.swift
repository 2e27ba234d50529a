/// Writes the cells of Remessa's own CSV files: `;`-separated, RFC 4180 quoting, and formula-safe — a cell
/// that starts with `=`, `+`, `-` or `@` is quoted and prefixed with `'`, so Excel shows it as text instead of
/// running it (contract §6).
public enum OutputCSV {
    public static let delimiter = ";"
    public static let lineEnd = "\r\n"
    /// UTF-8 byte order mark: Excel needs it to read accents right.
    public static let byteOrderMark = "\u{FEFF}"

    /// One cell, escaped.
    public static func cell(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        let dangerous =
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@")
        let needsQuotes =
            dangerous
            || value.utf8.contains { byte in
                byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
            }
        guard needsQuotes else { return value }
        var escaped = "\""
        if dangerous { escaped += "'" }
        for character in value.unicodeScalars {
            if character == "\"" { escaped += "\"" }
            escaped.unicodeScalars.append(character)
        }
        escaped += "\""
        return escaped
    }

    /// A whole line: escaped cells joined by `;`, ended by CRLF.
    public static func line(_ cells: [String]) -> String {
        var line = ""
        for (index, value) in cells.enumerated() {
            if index > 0 { line += delimiter }
            line += cell(value)
        }
        return line + lineEnd
    }
}
