/// The GSM 03.38 default alphabet and its extension table: the 7-bit SMS character set.
///
/// Codes are unpacked septets, one `UInt8` (0x00…0x7F) each. An extension character (form feed and
/// `^ { } \ [ ~ ] | €`) is the escape 0x1B followed by its code, so it costs two septets. Packing septets
/// into octets and adding user data headers are the transport's business.
public enum GSM7 {
    /// The septet that announces an extension-table character.
    public static let escape: UInt8 = 0x1B

    /// How many septets `scalar` costs: 1 in the default alphabet, 2 in the extension table, `nil` when it
    /// has no GSM-7 form.
    @inline(__always)
    public static func septetCount(of scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(truncatingIfNeeded: value)
            return asciiCost(byte)
        }
        switch value {
        case 0xA1, 0xA3, 0xA4, 0xA5, 0xA7, 0xBF, 0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xD1, 0xD6, 0xD8, 0xDC, 0xDF,
            0xE0, 0xE4, 0xE5, 0xE6, 0xE8, 0xE9, 0xEC, 0xF1, 0xF2, 0xF6, 0xF8, 0xF9, 0xFC:
            return 1
        case 0x393, 0x394, 0x398, 0x39B, 0x39E, 0x3A0, 0x3A3, 0x3A6, 0x3A8, 0x3A9:
            return 1
        case 0x20AC:
            return 2
        default:
            return nil
        }
    }

    /// The septet cost of an ASCII byte (`nil` outside GSM-7), from two 128-bit masks so the hot loop reads
    /// no memory.
    @inline(__always)
    static func asciiCost(_ byte: UInt8) -> Int? {
        let bit = UInt64(1) &<< UInt64(byte & 63)
        let inAlphabet = (byte < 64 ? asciiInAlphabetLow : asciiInAlphabetHigh) & bit
        guard byte < 0x80, inAlphabet != 0 else { return nil }
        let isExtension = (byte < 64 ? asciiExtensionLow : asciiExtensionHigh) & bit
        return isExtension == 0 ? 1 : 2
    }

    /// How many of `bytes` are extension characters (two septets each), or `nil` as soon as one is not ASCII
    /// or not in the alphabet.
    static func asciiExtensionCount(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var extensions = 0
        var index = 0
        while index &+ 8 <= count {
            let plain = UTF8Word(base, at: index).plainGSM7Prefix
            if plain < 8 {
                for offset in (index &+ plain)..<index &+ 8 {
                    guard let cost = asciiCost(base[offset]) else { return nil }
                    extensions &+= cost &- 1
                }
            }
            index &+= 8
        }
        for offset in index..<count {
            guard let cost = asciiCost(base[offset]) else { return nil }
            extensions &+= cost &- 1
        }
        return extensions
    }

    // ASCII in the alphabet (basic or extension): LF, FF, CR and 0x20…0x7E except the backtick.
    static let asciiInAlphabetLow: UInt64 = 0xFFFF_FFFF_0000_3400
    static let asciiInAlphabetHigh: UInt64 = 0x7FFF_FFFE_FFFF_FFFF
    // ASCII in the extension table: FF and ^ { } \ [ ~ ] |.
    static let asciiExtensionLow: UInt64 = 0x0000_0000_0000_1000
    static let asciiExtensionHigh: UInt64 = 0x7800_0000_7800_0000

    /// The unpacked septets of `text`, with 0x1B before each extension code; `nil` when some character has
    /// no GSM-7 form (transliterate first, or send UCS-2).
    public static func septets(of text: String) -> [UInt8]? {
        var septets: [UInt8] = []
        septets.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let code = basicCode[scalar] {
                septets.append(code)
            } else if let code = extensionCode[scalar] {
                septets.append(escape)
                septets.append(code)
            } else {
                return nil
            }
        }
        return septets
    }

    /// The text of unpacked `septets`; `nil` for a code above 0x7F, an escape with no extension character
    /// after it, or a dangling escape.
    public static func text(fromSeptets septets: some Sequence<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        var escaped = false
        for code in septets {
            guard code < 0x80 else { return nil }
            if escaped {
                guard let scalar = extensionScalar[code] else { return nil }
                scalars.append(scalar)
                escaped = false
            } else if code == escape {
                escaped = true
            } else {
                scalars.append(basicAlphabet[Int(code)])
            }
        }
        return escaped ? nil : String(scalars)
    }

    /// The default alphabet in code order (0x00…0x7F). Position 0x1B is the escape, not a character.
    static let basicAlphabet: [Unicode.Scalar] = Array(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// The extension table: code after the escape → character.
    static let extensionScalar: [UInt8: Unicode.Scalar] = [
        0x0A: "\u{0C}", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|",
        0x65: "€",
    ]

    private static let basicCode: [Unicode.Scalar: UInt8] = {
        var codes: [Unicode.Scalar: UInt8] = [:]
        for (code, scalar) in basicAlphabet.enumerated() where code != Int(escape) {
            codes[scalar] = UInt8(code)
        }
        return codes
    }()

    private static let extensionCode: [Unicode.Scalar: UInt8] = Dictionary(
        uniqueKeysWithValues: extensionScalar.map { ($0.value, $0.key) }
    )
}
