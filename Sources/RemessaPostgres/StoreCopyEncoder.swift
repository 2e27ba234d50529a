import NIOCore
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
    func write(_ cells: [StoreCell], into buffer: inout ByteBuffer) throws {
        for (index, cell) in cells.enumerated() {
            if index > 0 {
                buffer.writeInteger(UInt8(ascii: "\t"))
            }
            try write(cell, kind: kinds[index], column: index, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private func write(_ cell: StoreCell, kind: Kind, column: Int, into buffer: inout ByteBuffer) throws {
        switch (cell, kind) {
        case (.null, _):
            buffer.writeStaticString("\\N")
        case (.integer(let value), .boolean):
            buffer.writeStaticString(value == 0 ? "f" : "t")
        case (.integer(let value), _):
            buffer.writeString(String(value))
        case (.real(let value), .integer) where value.rounded() == value && abs(value) < 0x1p63:
            buffer.writeString(String(Int64(value)))
        case (.real(let value), .real), (.real(let value), .text):
            buffer.writeString(Self.text(value))
        case (.text(let value), _):
            Self.writeEscaped(value, into: &buffer)
        case (.blob(let bytes), .bytes):
            // bytea's hex form; its backslash is escaped for COPY.
            buffer.writeStaticString("\\\\x")
            for byte in bytes {
                buffer.writeInteger(Self.hexDigits[Int(byte >> 4)])
                buffer.writeInteger(Self.hexDigits[Int(byte & 0x0F)])
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

    private static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let escape: UInt8? =
                    switch bytes[index] {
                    case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                    case UInt8(ascii: "\t"): UInt8(ascii: "t")
                    case UInt8(ascii: "\n"): UInt8(ascii: "n")
                    case UInt8(ascii: "\r"): UInt8(ascii: "r")
                    default: nil
                    }
                guard let escape else { continue }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index]))
                buffer.writeBytes([UInt8(ascii: "\\"), escape])
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<bytes.count]))
        }
    }
}
