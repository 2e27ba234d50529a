/// A placeholder's value in one row: the cell's text and the byte range to insert.
///
/// A `.column` value is the cell trimmed of whitespace (NBSP included) without copying it; a
/// `.firstNameOf` value is the first word of the cell, title-cased.
struct FieldText {
    private(set) var text: String
    private(set) var start: Int
    private(set) var end: Int

    init(_ source: PlaceholderSource, cell: String) {
        switch source {
        case .column:
            text = cell
            (start, end) = Self.trimmedRange(of: cell)
        case .firstNameOf:
            text = Self.firstName(of: cell)
            start = 0
            end = text.utf8.count
        }
    }

    var byteCount: Int { end &- start }
    var isEmpty: Bool { start == end }

    /// The inserted text, for the slower tidy-up path.
    var value: Substring {
        let utf8 = text.utf8
        return Substring(
            utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        )
    }

    /// Copies the inserted bytes to `destination`.
    @inline(__always)
    mutating func copy(to destination: UnsafeMutablePointer<UInt8>) {
        let (start, count) = (start, byteCount)
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            destination.update(from: base + start, count: count)
        }
    }

    /// Appends the inserted bytes to `output`.
    @inline(__always)
    mutating func append(to output: inout [UInt8]) {
        let (start, end) = (start, end)
        text.withUTF8 { bytes in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// Byte offsets of `cell` without leading and trailing whitespace.
    private static func trimmedRange(of cell: String) -> (Int, Int) {
        // Most cells start and end with a visible ASCII character: no scalar decoding then.
        var cell = cell
        let (count, plain) = cell.withUTF8 { bytes in
            (bytes.count, bytes.count > 0 && isVisibleASCII(bytes[0]) && isVisibleASCII(bytes[bytes.count &- 1]))
        }
        if plain || count == 0 { return (0, count) }
        let scalars = cell.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return (0, 0) }
        let utf8 = cell.utf8
        let start = utf8.distance(from: utf8.startIndex, to: first)
        let end = utf8.distance(from: utf8.startIndex, to: scalars.index(after: last))
        return (start, end)
    }

    /// The first word of `cell`, title-cased: `  MARIA DA SILVA` → `Maria`, `joão` → `João`,
    /// `ANA-CLARA` → `Ana-Clara`. Empty when `cell` is blank.
    static func firstName(of cell: String) -> String {
        let (start, end) = trimmedRange(of: cell)
        let utf8 = cell.utf8
        let trimmed = utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        if let ascii = asciiFirstName(of: trimmed) { return ascii }
        let value = Substring(trimmed)
        let word = value.unicodeScalars.firstIndex(where: isSpace).map { value[..<$0] } ?? value
        var result = ""
        var startsWord = true
        for character in word {
            result += startsWord ? character.uppercased() : character.lowercased()
            startsWord = character == "-"
        }
        return result
    }

    /// The Latin-1 case (all of Portuguese and Spanish) straight on UTF-8 bytes: in that block upper and lower
    /// case differ by bit 0x20 of the last byte (`ã` is C3 A3, `Ã` is C3 83). `nil` when the first word has a
    /// character beyond U+00FF, or `ß`/`ÿ`, whose upper-case forms lie outside the block.
    private static func asciiFirstName(of trimmed: Substring.UTF8View) -> String? {
        var length = 0
        var index = trimmed.startIndex
        while index != trimmed.endIndex {
            let byte = trimmed[index]
            if isSpace(byte) { break }
            if byte >= 0x80 {
                let next = trimmed.index(after: index)
                guard byte == 0xC2 || byte == 0xC3, next != trimmed.endIndex else { return nil }
                let second = trimmed[next]
                if byte == 0xC2 && second == 0xA0 { break }  // NBSP ends the word
                if byte == 0xC3 && (second == 0x9F || second == 0xBF) { return nil }  // ß, ÿ
                length &+= 2
                index = trimmed.index(after: next)
                continue
            }
            length &+= 1
            index = trimmed.index(after: index)
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var startsWord = true
            var offset = 0
            var index = trimmed.startIndex
            while offset < length {
                let byte = trimmed[index]
                index = trimmed.index(after: index)
                if byte == 0xC3 {
                    let second = trimmed[index]
                    index = trimmed.index(after: index)
                    let isLetter = second != 0x97 && second != 0xB7  // × and ÷
                    buffer[offset] = byte
                    buffer[offset &+ 1] = isLetter ? (startsWord ? second & ~0x20 : second | 0x20) : second
                    offset &+= 2
                    startsWord = false
                    continue
                }
                if byte == 0xC2 {
                    buffer[offset] = byte
                    buffer[offset &+ 1] = trimmed[index]
                    index = trimmed.index(after: index)
                    offset &+= 2
                    startsWord = false
                    continue
                }
                let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                buffer[offset] = isLetter ? (startsWord ? byte & ~0x20 : byte | 0x20) : byte
                startsWord = byte == UInt8(ascii: "-")  // Ana-Clara
                offset &+= 1
            }
            return length
        }
    }

    @inline(__always)
    private static func isVisibleASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{FEFF}" || scalar == "\u{200B}"
    }
}
