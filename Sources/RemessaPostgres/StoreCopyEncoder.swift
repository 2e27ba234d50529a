import Foundation
import RemessaStore

/// A SQLite row as one line of `COPY`'s text format for a PostgreSQL table: columns split by tabs, `\N` for NULL,
/// a backslash, tab, line feed or carriage return inside a value escaped; each value written as the column's
/// PostgreSQL type reads it.
struct StoreCopyEncoder: Sendable {
    /// How a column's values are written.
    enum Kind: Sendable, Hashable {
        case integer
        case real
        /// SQLite keeps 0 or 1.
        case boolean
        case bytes
        case text

        /// The kind of a column of `information_schema.columns.data_type`.
        init(dataType: String) {
            switch dataType {
            case "bigint", "integer", "smallint": self = .integer
            case "double precision", "real", "numeric": self = .real
            case "boolean": self = .boolean
            case "bytea": self = .bytes
            default: self = .text
            }
        }
    }

    /// A value SQLite holds that its PostgreSQL column cannot take.
    struct UnfitValue: Error, CustomStringConvertible {
        var table: String
        var column: String
        var description: String { "\(table).\(column) holds a value of a type PostgreSQL's column does not take" }
    }

    let table: String
    let columns: [String]
    let kinds: [Kind]

    /// Appends `cells` (one per column, in order) as one line.
    func write(_ cells: [StoreCell], into text: inout StoreCopyText) throws {
        for index in cells.indices {
            if index > 0 {
                text.write(byte: UInt8(ascii: "\t"))
            }
            try write(cells[index], kind: kinds[index], column: index, into: &text)
        }
        text.write(byte: UInt8(ascii: "\n"))
    }

    private func write(_ cell: StoreCell, kind: Kind, column: Int, into text: inout StoreCopyText) throws {
        switch (cell, kind) {
        case (.null, _):
            text.write("\\N")
        case (.integer(let value), .boolean):
            text.write(byte: value == 0 ? UInt8(ascii: "f") : UInt8(ascii: "t"))
        case (.integer(let value), _):
            text.write(String(value))
        case (.real(let value), .integer) where value.rounded() == value && abs(value) < 0x1p63:
            text.write(String(Int64(value)))
        case (.real(let value), .real), (.real(let value), .text):
            text.write(Self.text(value))
        case (.text(let value), _):
            Self.writeEscaped(value, into: &text)
        case (.blob(let bytes), .bytes):
            // bytea's hex form; its backslash is escaped for COPY.
            text.write("\\\\x")
            for byte in bytes {
                text.write(byte: Self.hexDigits[Int(byte >> 4)])
                text.write(byte: Self.hexDigits[Int(byte & 0x0F)])
            }
        default:
            throw UnfitValue(table: table, column: columns[column])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The shortest text that reads back as exactly `value` (Swift's), in the spelling PostgreSQL reads.
    private static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }

    private static func writeEscaped(_ value: String, into text: inout StoreCopyText) {
        var value = value
        value.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            guard let base = raw.baseAddress else { return }
            // Most values hold none of the four: one look with C's memchr, then one write.
            guard Self.escaped.keys.contains(where: { memchr(base, Int32($0), raw.count) != nil }) else {
                text.write(raw)
                return
            }
            var start = 0
            for index in raw.indices {
                guard let escape = Self.escaped[raw[index]] else { continue }
                text.write(UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                text.write(byte: UInt8(ascii: "\\"))
                text.write(byte: escape)
                start = index + 1
            }
            text.write(UnsafeRawBufferPointer(rebasing: raw[start..<raw.count]))
        }
    }

    /// The bytes `COPY`'s text format escapes, and the letter after the backslash for each.
    private static let escaped: [UInt8: UInt8] = [
        UInt8(ascii: "\\"): UInt8(ascii: "\\"),
        UInt8(ascii: "\t"): UInt8(ascii: "t"),
        UInt8(ascii: "\n"): UInt8(ascii: "n"),
        UInt8(ascii: "\r"): UInt8(ascii: "r"),
    ]
}
