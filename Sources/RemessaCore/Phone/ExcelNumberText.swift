/// Recognises how Excel writes a long number it treated as a number rather than as text.
enum ExcelNumberText {
    /// Whether the whole cell is scientific notation, `5,51199E+12` or `1.19877e+10`: digits are lost.
    static func isScientificNotation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = firstNonSpace(bytes)
        let end = endOfNonSpace(bytes)
        guard skipDigits(bytes, &index, end) > 0 else { return false }
        if index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard skipDigits(bytes, &index, end) > 0 else { return false }
        }
        guard index < end, bytes[index] | 0x20 == UInt8(ascii: "e") else { return false }
        index += 1
        if index < end, bytes[index] == UInt8(ascii: "+") { index += 1 }
        return skipDigits(bytes, &index, end) > 0 && index == end
    }

    /// Whether the `.` or `,` at `separator` starts the zero decimals of a float, as in `5511987654321.0` or
    /// `11987654321,00`: the cell is an optional `+`, at least `minimumIntegerDigits` digits, the separator and
    /// nothing but zeros. Such a number has lost nothing; the decimals are dropped.
    ///
    /// The minimum keeps a dot used as a separator (`98765.0000`) from being read as decimals.
    static func isZeroDecimals(
        _ bytes: UnsafeBufferPointer<UInt8>,
        separator: Int,
        minimumIntegerDigits: Int
    ) -> Bool {
        var index = separator + 1
        let end = endOfNonSpace(bytes)
        var zeros = 0
        while index < end, bytes[index] == UInt8(ascii: "0") {
            zeros += 1
            index += 1
        }
        guard zeros > 0, index == end else { return false }
        index = firstNonSpace(bytes)
        if index < separator, bytes[index] == UInt8(ascii: "+") { index += 1 }
        return skipDigits(bytes, &index, separator) >= minimumIntegerDigits && index == separator
    }

    private static func skipDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) -> Int {
        let start = index
        while index < end, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    private static func firstNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    private static func endOfNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        return end
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
    }
}
