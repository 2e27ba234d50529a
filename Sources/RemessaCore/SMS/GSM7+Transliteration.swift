extension GSM7 {
    /// `text` with every character outside GSM-7 replaced by its nearest GSM-7 spelling; `nil` when some
    /// character has none (an emoji, CJK).
    ///
    /// Only characters outside the alphabet are touched: `é à è ù ì ò Ç É ä ö ü ñ` are GSM-7 and stay, while
    /// `á â ã ç ê í ó ô õ ú` (and capitals but `É Ç`) lose their accent. Curly quotes become straight, dashes
    /// `-`, exotic spaces and tabs a space, `…` three dots, `º ª` `o a`, bullets `-`; zero-width and control
    /// characters are dropped. A combining accent joins the letter before it when the accented letter is
    /// GSM-7 (`e` + U+0301 → `é`) and is dropped otherwise. Every replacement is plain ASCII from the basic
    /// alphabet, never an extension character.
    public static func transliterate(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { transliterate(utf8: $0) }
    }

    static func transliterate(utf8 source: UnsafeBufferPointer<UInt8>) -> String? {
        // Every replacement is at most twice as long in UTF-8 as what it replaces (tested), so this never
        // runs out; `Output` checks anyway, to stay memory-safe.
        var failed = false
        let result = String(unsafeUninitializedCapacity: source.count &* 2) { buffer in
            guard let count = transliterate(utf8: source, into: buffer) else {
                failed = true
                return 0
            }
            return count
        }
        return failed ? nil : result
    }

    /// Writes the transliteration of `source` to the start of `buffer` and returns its length; `nil` when
    /// some character has no GSM-7 form (or, never with twice the input's length, `buffer` is too small).
    static func transliterate(
        utf8 source: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        if let copied = copyIfGSM7ASCII(source, into: buffer) { return copied.count }
        return transliterateCharacters(source, into: buffer)?.count
    }

    /// ``transliterate(utf8:into:)``, also adding to `asciiExtensions` how many extension characters the result
    /// has (``asciiExtensionCount(of:)``), or setting it to `nil` when the result is not all GSM-7 ASCII; a `nil`
    /// stays `nil`. Counted while the result is written.
    static func transliterate(
        utf8 source: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        asciiExtensions: inout Int?
    ) -> Int? {
        if let copied = copyIfGSM7ASCII(source, into: buffer) {
            if let known = asciiExtensions { asciiExtensions = known &+ copied.extensions }
            return copied.count
        }
        guard let mapped = transliterateCharacters(source, into: buffer) else { return nil }
        if let known = asciiExtensions { asciiExtensions = mapped.extensions.map { known &+ $0 } }
        return mapped.count
    }

    /// ``transliterate(utf8:into:)`` character by character, for a source that is not all GSM-7 ASCII; also
    /// ``asciiExtensionCount(of:)`` of the result, tracked as it is written.
    private static func transliterateCharacters(
        _ source: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> (count: Int, extensions: Int?)? {
        var output = Output(buffer: buffer)
        // Plain runs cost one septet a byte and change nothing here.
        var extensions: Int? = 0
        var failed = false
        var index = 0
        while index < source.count {
            if index &+ 8 <= source.count, let base = source.baseAddress {
                // Copy the plain run at the start of the next eight bytes in one store.
                let word = UTF8Word(base, at: index)
                let plain = word.plainGSM7Prefix
                if plain > 0 {
                    guard output.append(word, keeping: plain) else {
                        return nil
                    }
                    index &+= plain
                    continue
                }
            }
            let lead = source[index]
            if lead < 0x80, let cost = asciiCost(lead) {
                guard output.copy(source, from: index, count: 1) else {
                    return nil
                }
                extensions = extensions.map { $0 &+ cost &- 1 }
                index &+= 1
                continue
            }
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            let scalar = lead < 0x80 ? Unicode.Scalar(lead) : decode(source, at: index, length: length)
            if lead >= 0x80, septetCount(of: scalar) != nil {
                failed = !output.copy(source, from: index, count: length)
                extensions = nil
            } else if scalar.value >= 0x300, scalar.value <= 0x36F {
                failed = !output.accentLastLetter(scalar.value)
                // An accented letter, when one was written, is the last (non-ASCII) byte.
                if output.count > 0, buffer[output.count &- 1] >= 0x80 { extensions = nil }
            } else {
                switch replacement(for: scalar) {
                case nil: failed = true
                case .drop: output.accentable = -1
                case .character(let byte):
                    failed = !output.append(byte)
                    extensions = extensions.flatMap { known in asciiCost(byte).map { known &+ $0 &- 1 } }
                case .text(let spelling):
                    failed = !output.append(spelling)
                    for offset in 0..<spelling.utf8CodeUnitCount {
                        extensions = extensions.flatMap { known in
                            asciiCost(spelling.utf8Start[offset]).map { known &+ $0 &- 1 }
                        }
                    }
                }
            }
            if failed { return nil }
            index &+= length
        }
        return (output.count, extensions)
    }

    /// Copies `source` when it is ASCII with a GSM-7 form for every byte, which transliteration leaves as it
    /// is (most values a template inserts), and counts its extension characters; `nil` otherwise, or when
    /// `buffer` is too small.
    @inline(__always)
    private static func copyIfGSM7ASCII(
        _ source: UnsafeBufferPointer<UInt8>,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> (count: Int, extensions: Int)? {
        guard let base = source.baseAddress, let to = buffer.baseAddress, source.count <= buffer.count else {
            return source.isEmpty ? (0, 0) : nil
        }
        guard let extensions = asciiExtensionCount(of: source) else { return nil }
        let count = source.count
        to.update(from: base, count: count)
        return (count, extensions)
    }

    /// The scalar of a valid multi-byte UTF-8 sequence (a `String`'s storage is always valid).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Unicode.Scalar {
        var value = UInt32(bytes[index]) & (0x7F >> UInt32(length))
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index &+ offset] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The transliteration's output buffer.
    private struct Output {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        /// Where the last ASCII letter copied from the input sits, while a combining accent may still join it.
        var accentable = -1

        init(buffer: UnsafeMutableBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        /// Copies one character of the input (at most four bytes) that is already GSM-7.
        mutating func copy(_ source: UnsafeBufferPointer<UInt8>, from index: Int, count length: Int) -> Bool {
            guard count &+ length <= buffer.count else { return false }
            // Only a trailing ASCII letter can take a combining accent.
            let last = source[index &+ length &- 1]
            let isLetter = (last | 0x20) >= 0x61 && (last | 0x20) <= 0x7A
            // At most four bytes: a loop beats a call to memmove.
            for offset in 0..<length {
                buffer[count &+ offset] = source[index &+ offset]
            }
            count &+= length
            accentable = isLetter ? count &- 1 : -1
            return true
        }

        /// Appends the first `kept` bytes of `word`, plain GSM-7 copied from the input.
        ///
        /// All eight are stored; the ones past `kept` are overwritten by what follows.
        mutating func append(_ word: UTF8Word, keeping kept: Int) -> Bool {
            guard count &+ 8 <= buffer.count, let to = buffer.baseAddress else { return false }
            UnsafeMutableRawPointer(to + count).storeBytes(of: word.bits.littleEndian, as: UInt64.self)
            count &+= kept
            let last = buffer[count &- 1]
            accentable = (last | 0x20) >= 0x61 && (last | 0x20) <= 0x7A ? count &- 1 : -1
            return true
        }

        mutating func append(_ byte: UInt8) -> Bool {
            accentable = -1
            guard count < buffer.count else { return false }
            buffer[count] = byte
            count &+= 1
            return true
        }

        mutating func append(_ spelling: StaticString) -> Bool {
            accentable = -1
            let length = spelling.utf8CodeUnitCount
            guard count &+ length <= buffer.count else { return false }
            for offset in 0..<length {
                buffer[count &+ offset] = spelling.utf8Start[offset]
            }
            count &+= length
            return true
        }

        /// Replaces the letter just copied by its accented GSM-7 form, or drops the accent when there is none.
        mutating func accentLastLetter(_ accent: UInt32) -> Bool {
            defer { accentable = -1 }
            guard accentable >= 0, let letter = accented(buffer[accentable], accent) else { return true }
            // Every accented GSM-7 letter is two bytes in UTF-8 and replaces the one-byte letter at the end.
            guard accentable &+ 2 <= buffer.count else { return false }
            count = accentable
            for byte in letter.utf8 {
                buffer[count] = byte
                count &+= 1
            }
            return true
        }
    }

    /// What a character outside GSM-7 becomes when transliterated.
    enum Replacement {
        /// Nothing: zero-width and control characters.
        case drop
        /// One ASCII character of the basic alphabet.
        case character(UInt8)
        /// Several ASCII characters of the basic alphabet.
        case text(StaticString)
    }

    /// The GSM-7 spelling of `scalar`, which must be outside the alphabet; `nil` when it has none.
    static func replacement(for scalar: Unicode.Scalar) -> Replacement? {
        let value = scalar.value
        // Accented Latin letters are the common case; the switch below agrees with the folding for them.
        if value >= 0xC0, value <= 0x17F, let base = LatinFolding.baseLetter(of: scalar) {
            return .character(UInt8(truncatingIfNeeded: base.value))
        }
        switch value {
        case 0x09: return .character(0x20)  // tab
        // Vertical tab and the Unicode line separators: line breaks inside spreadsheet cells.
        case 0x0B, 0x85, 0x2028, 0x2029: return .character(0x0A)
        case 0x00...0x1F, 0x7F...0x9F: return .drop
        case 0x60, 0xB4, 0x2018...0x201B, 0x2032, 0x2035, 0x2039, 0x203A: return .character(0x27)  // '
        case 0xAB, 0xBB, 0x201C...0x201F, 0x2033: return .character(0x22)  // "
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .character(0x20)
        case 0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFE00...0xFE0F, 0xFEFF:
            return .drop
        case 0xB7, 0x2010...0x2015, 0x2022, 0x2023, 0x2043, 0x2212, 0x2219: return .character(0x2D)  // -
        case 0x2024: return .character(0x2E)
        case 0x2025: return .text("..")
        case 0x2026: return .text("...")
        case 0xAA: return .character(0x61)  // ª
        case 0xB0, 0xBA: return .character(0x6F)  // ° º
        case 0xA2: return .character(0x63)  // ¢
        case 0xB5: return .character(0x75)  // µ
        case 0xB9: return .character(0x31)
        case 0xB2: return .character(0x32)
        case 0xB3: return .character(0x33)
        case 0xD7: return .character(0x78)  // ×
        case 0xF7, 0x2044, 0x2215: return .character(0x2F)  // ÷ ⁄ ∕
        case 0x2017: return .character(0x5F)  // ‗
        case 0x2217: return .character(0x2A)  // ∗
        case 0xA9: return .text("(C)")
        case 0xAE: return .text("(R)")
        case 0xB1: return .text("+/-")
        case 0xBC: return .text("1/4")
        case 0xBD: return .text("1/2")
        case 0xBE: return .text("3/4")
        case 0x2122: return .text("TM")
        case 0x2116: return .text("No")
        case 0x2190: return .text("<-")
        case 0x2192: return .text("->")
        case 0x2264: return .text("<=")
        case 0x2265: return .text(">=")
        case 0xD0, 0x110: return .character(0x44)  // Ð Đ
        case 0xF0, 0x111: return .character(0x64)  // ð đ
        case 0xDE: return .text("TH")
        case 0xFE: return .text("th")
        case 0x132: return .text("IJ")
        case 0x133: return .text("ij")
        case 0x152: return .text("OE")
        case 0x153: return .text("oe")
        case 0x138: return .character(0x6B)  // ĸ
        case 0x14A: return .character(0x4E)  // Ŋ
        case 0x14B: return .character(0x6E)  // ŋ
        case 0x166: return .character(0x54)  // Ŧ
        case 0x167: return .character(0x74)  // ŧ
        case 0x17F: return .character(0x73)  // ſ
        case 0x218: return .character(0x53)  // Ș
        case 0x219: return .character(0x73)  // ș
        case 0x21A: return .character(0x54)  // Ț
        case 0x21B: return .character(0x74)  // ț
        case 0xC0...0x17F:
            return LatinFolding.baseLetter(of: scalar).map { .character(UInt8(truncatingIfNeeded: $0.value)) }
        case 0xFF01...0xFF5E:
            // Fullwidth forms of ASCII, as typed with East Asian input methods.
            let ascii = UInt8(truncatingIfNeeded: value &- 0xFEE0)
            return asciiCost(ascii) == 1 ? .character(ascii) : nil
        default:
            return nil
        }
    }

    /// The GSM-7 letter that `base` (ASCII) with the combining accent `accent` spells, if there is one.
    static func accented(_ base: UInt8, _ accent: UInt32) -> Unicode.Scalar? {
        switch (accent, base) {
        case (0x300, UInt8(ascii: "a")): "à"
        case (0x300, UInt8(ascii: "e")): "è"
        case (0x300, UInt8(ascii: "i")): "ì"
        case (0x300, UInt8(ascii: "o")): "ò"
        case (0x300, UInt8(ascii: "u")): "ù"
        case (0x301, UInt8(ascii: "e")): "é"
        case (0x301, UInt8(ascii: "E")): "É"
        case (0x303, UInt8(ascii: "n")): "ñ"
        case (0x303, UInt8(ascii: "N")): "Ñ"
        case (0x308, UInt8(ascii: "a")): "ä"
        case (0x308, UInt8(ascii: "o")): "ö"
        case (0x308, UInt8(ascii: "u")): "ü"
        case (0x308, UInt8(ascii: "A")): "Ä"
        case (0x308, UInt8(ascii: "O")): "Ö"
        case (0x308, UInt8(ascii: "U")): "Ü"
        case (0x30A, UInt8(ascii: "a")): "å"
        case (0x30A, UInt8(ascii: "A")): "Å"
        case (0x327, UInt8(ascii: "C")): "Ç"
        default: nil
        }
    }
}
