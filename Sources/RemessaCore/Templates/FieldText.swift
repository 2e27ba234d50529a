/// A placeholder's value in one row: the cell's text and the byte range to insert.
///
/// A `.column` value is the cell trimmed of whitespace (NBSP included) without copying it; a
/// `.firstNameOf` value is the first word of the cell, title-cased. A Latin-1 first word (the usual case) is
/// not copied either: it is title-cased as its bytes are copied out.
struct FieldText {
    /// Where the cell's bytes live.
    private enum Storage {
        /// A row's cell, valid while the row is being judged.
        case bytes(UnsafeBufferPointer<UInt8>)
        case text(String)
    }

    private var storage: Storage
    private(set) var start: Int
    private(set) var end: Int
    /// Whether the bytes `start..<end` are a Latin-1 word still to be title-cased on the way out.
    private let titleCases: Bool

    init(_ source: PlaceholderSource, cell: String) {
        var cell = cell
        let (start, end, titleCases) = cell.withUTF8 { Self.range(source, of: $0) }
        self.init(source, storage: .text(cell), start: start, end: end, titleCases: titleCases)
    }

    /// The value of the UTF-8 `cell`, which must stay valid while this value is used.
    init(_ source: PlaceholderSource, utf8 cell: UnsafeBufferPointer<UInt8>) {
        let (start, end, titleCases) = Self.range(source, of: cell)
        self.init(source, storage: .bytes(cell), start: start, end: end, titleCases: titleCases)
    }

    private init(_ source: PlaceholderSource, storage: Storage, start: Int, end: Int, titleCases: Bool?) {
        self.start = start
        self.end = end
        if let titleCases {
            self.storage = storage
            self.titleCases = titleCases
        } else {
            // A first word beyond Latin-1: title-cased through `Character`s into a string of its own.
            let text: String
            switch storage {
            case .bytes(let bytes): text = Self.firstName(of: String(decoding: bytes, as: UTF8.self))
            case .text(let cell): text = Self.firstName(of: cell)
            }
            self.storage = .text(text)
            self.start = 0
            self.end = text.utf8.count
            self.titleCases = false
        }
    }

    /// The byte range to insert and whether it is title-cased on the way out; `nil` instead of that flag when
    /// the first name needs ``firstName(of:)``.
    private static func range(
        _ source: PlaceholderSource,
        of cell: UnsafeBufferPointer<UInt8>
    ) -> (Int, Int, Bool?) {
        let (start, end) = trimmedRange(of: cell)
        switch source {
        case .column:
            return (start, end, false)
        case .firstNameOf:
            guard let length = latinWordLength(UnsafeBufferPointer(rebasing: cell[start..<end])) else {
                return (start, end, nil)
            }
            return (start, start &+ length, true)
        }
    }

    var byteCount: Int { end &- start }
    var isEmpty: Bool { start == end }

    /// The inserted text, for the slower tidy-up path.
    var value: Substring {
        if titleCases {
            var copy = self
            return Substring(
                String(unsafeUninitializedCapacity: byteCount) { buffer in
                    guard let base = buffer.baseAddress else { return 0 }
                    copy.copy(to: base)
                    return byteCount
                }
            )
        }
        switch storage {
        case .bytes(let bytes):
            return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        case .text(let text):
            let utf8 = text.utf8
            return Substring(
                utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
            )
        }
    }

    /// Copies the inserted bytes to `destination`.
    @inline(__always)
    mutating func copy(to destination: UnsafeMutablePointer<UInt8>) {
        switch storage {
        case .bytes(let bytes):
            copy(UnsafeBufferPointer(rebasing: bytes[start..<end]), to: destination)
        case .text(var text):
            let (start, end) = (start, end)
            text.withUTF8 { bytes in copy(UnsafeBufferPointer(rebasing: bytes[start..<end]), to: destination) }
        }
    }

    @inline(__always)
    private func copy(_ word: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) {
        if titleCases {
            Self.writeTitleCased(word, to: destination)
        } else if let base = word.baseAddress {
            destination.update(from: base, count: word.count)
        }
    }

    /// Byte offsets of the UTF-8 `cell` without leading and trailing whitespace.
    static func trimmedRange(of cell: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        // Most cells start and end with a visible ASCII character: no scalar decoding then.
        let count = cell.count
        if count == 0 || (isVisibleASCII(cell[0]) && isVisibleASCII(cell[count &- 1])) { return (0, count) }
        return trimmedRange(of: String(decoding: cell, as: UTF8.self))
    }

    /// Byte offsets of `cell` without leading and trailing whitespace.
    private static func trimmedRange(of cell: String) -> (Int, Int) {
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
        var cell = cell
        let latin: String? = cell.withUTF8 { bytes in
            let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let length = latinWordLength(trimmed) else { return nil }
            return String(unsafeUninitializedCapacity: length) { buffer in
                guard let base = buffer.baseAddress else { return 0 }
                writeTitleCased(UnsafeBufferPointer(rebasing: trimmed[0..<length]), to: base)
                return length
            }
        }
        if let latin { return latin }
        let utf8 = cell.utf8
        let value = Substring(
            utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        )
        let word = value.unicodeScalars.firstIndex(where: isSpace).map { value[..<$0] } ?? value
        var result = ""
        var startsWord = true
        for character in word {
            result += startsWord ? character.uppercased() : character.lowercased()
            startsWord = character == "-"
        }
        return result
    }

    /// Bytes of the first word of `trimmed` when it is Latin-1 (all of Portuguese and Spanish), whose case
    /// ``writeTitleCased(_:to:)`` changes on the bytes. `nil` when the first word has a character beyond
    /// U+00FF, or `ß`/`ÿ`, whose upper-case forms lie outside the block.
    private static func latinWordLength(_ trimmed: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = trimmed.count
        while index < count {
            let byte = trimmed[index]
            if isSpace(byte) { break }
            if byte >= 0x80 {
                guard byte == 0xC2 || byte == 0xC3, index &+ 1 < count else { return nil }
                let second = trimmed[index &+ 1]
                if byte == 0xC2 && second == 0xA0 { break }  // NBSP ends the word
                if byte == 0xC3 && (second == 0x9F || second == 0xBF) { return nil }  // ß, ÿ
                index &+= 2
                continue
            }
            index &+= 1
        }
        return index
    }

    /// Writes the Latin-1 `word` title-cased: in that block upper and lower case differ by bit 0x20 of the last
    /// UTF-8 byte (`ã` is C3 A3, `Ã` is C3 83).
    private static func writeTitleCased(_ word: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>)
    {
        var startsWord = true
        var offset = 0
        let length = word.count
        while offset < length {
            let byte = word[offset]
            if byte == 0xC3 {
                let second = word[offset &+ 1]
                let isLetter = second != 0x97 && second != 0xB7  // × and ÷
                destination[offset] = byte
                destination[offset &+ 1] = isLetter ? (startsWord ? second & ~0x20 : second | 0x20) : second
                offset &+= 2
                startsWord = false
                continue
            }
            if byte == 0xC2 {
                destination[offset] = byte
                destination[offset &+ 1] = word[offset &+ 1]
                offset &+= 2
                startsWord = false
                continue
            }
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            destination[offset] = isLetter ? (startsWord ? byte & ~0x20 : byte | 0x20) : byte
            startsWord = byte == UInt8(ascii: "-")  // Ana-Clara
            offset &+= 1
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
