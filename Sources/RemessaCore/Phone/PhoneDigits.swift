/// The digits of a raw phone cell after clean-up, and the prefixes clean-up saw.
///
/// Digits are packed four bits each into two words, digit 0 lowest, so cleaning a cell allocates nothing and a
/// run of digits moves with one shift. Only the first ``capacity`` digits are kept; ``count`` goes on counting,
/// and anything that long is too long anyway.
struct PhoneDigits {
    static let capacity = 32

    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// Every digit written, including any past ``capacity``.
    private(set) var count = 0
    /// Written with a leading `+`.
    private(set) var hasPlus = false
    /// Written with the carrier placeholder, `0xx11 98765-4321`: digit 0 is the trunk prefix `0` and the carrier
    /// code is missing.
    private(set) var hasCarrierPlaceholder = false

    /// The digit at `index`, or 0 past the end; `index` must be below ``capacity``.
    @inline(__always)
    subscript(index: Int) -> Int {
        Int(truncatingIfNeeded: nibbles(from: index)) & 0xF
    }

    /// The digits from `start` on (at most 16 of them), packed like the storage: digit `start` lowest.
    @inline(__always)
    func nibbles(from start: Int) -> UInt64 {
        let packed = UInt128(high) &<< 64 | UInt128(low)
        return UInt64(truncatingIfNeeded: packed &>> UInt128(truncatingIfNeeded: start &* 4))
    }

    /// Cleans `bytes`: keeps digits, skips separators, notes `+` and `0xx`, drops Excel's zero decimals.
    init(cleaning bytes: UnsafeBufferPointer<UInt8>) throws(PhoneNumberProblem) {
        if let plain = Self.plainDigits(bytes) {
            low = plain
            count = bytes.count
            return
        }
        var index = 0
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                append(digit)
                index &+= 1
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "/"),
                0x09...0x0D:
                index &+= 1
            case UInt8(ascii: "."):
                let decimals = ExcelNumberText.isZeroDecimals(bytes, separator: index, minimumIntegerDigits: 8)
                index = decimals ? end : index &+ 1
            case UInt8(ascii: ","):
                guard ExcelNumberText.isZeroDecimals(bytes, separator: index, minimumIntegerDigits: 1) else {
                    throw Self.invalid(bytes, at: index)
                }
                index = end
            case UInt8(ascii: "+"):
                guard count == 0, !hasPlus, !hasCarrierPlaceholder else { throw Self.invalid(bytes, at: index) }
                hasPlus = true
                index &+= 1
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                guard count == 1, self[0] == 0, !hasPlus, !hasCarrierPlaceholder, index &+ 1 < end,
                    bytes[index &+ 1] | 0x20 == UInt8(ascii: "x")
                else { throw Self.invalid(bytes, at: index) }
                hasCarrierPlaceholder = true
                index &+= 2
            default:
                let width = Self.separatorWidth(bytes, at: index)
                guard width > 0 else { throw Self.invalid(bytes, at: index) }
                index &+= width
            }
        }
        guard count > 0 else { throw .empty }
    }

    /// The packed digits of a cell of 8 to 16 bytes that are all digits (`5511987654321`, the form machines
    /// write), found a word at a time; `nil` for anything else.
    @inline(__always)
    private static func plainDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let count = bytes.count
        guard count >= 8, count <= 16, let base = bytes.baseAddress else { return nil }
        // The first and the last 8 bytes, overlapping when there are fewer than 16.
        let head = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let tail = UInt64(
            littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        )
        guard isEightDigits(head), isEightDigits(tail) else { return nil }
        return packNibbles(head) | packNibbles(tail) &<< UInt64(truncatingIfNeeded: (count &- 8) &* 4)
    }

    /// Whether all 8 bytes of `word` are ASCII digits: none has the high bit, none is above `9` (adding 0x46
    /// sets the high bit), none is below `0` (subtracting 0x30 sets it in the lowest such byte).
    @inline(__always)
    private static func isEightDigits(_ word: UInt64) -> Bool {
        (word | (word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0
    }

    /// Eight ASCII digits, byte 0 lowest, packed into 32 bits four each, digit 0 lowest.
    @inline(__always)
    private static func packNibbles(_ word: UInt64) -> UInt64 {
        var packed = word & 0x0F0F_0F0F_0F0F_0F0F
        packed = (packed | packed &>> 4) & 0x00FF_00FF_00FF_00FF
        packed = (packed | packed &>> 8) & 0x0000_FFFF_0000_FFFF
        return (packed | packed &>> 16) & 0xFFFF_FFFF
    }

    @inline(__always)
    private mutating func append(_ digit: UInt8) {
        // Plain 64-bit shifts: this runs for every digit of every row.
        if count < 16 {
            low |= UInt64(digit) &<< UInt64(truncatingIfNeeded: count &* 4)
        } else if count < Self.capacity {
            high |= UInt64(digit) &<< UInt64(truncatingIfNeeded: count &* 4)
        }
        count &+= 1
    }

    /// The byte length of the non-ASCII space, dash or invisible mark at `index`, or 0 when there is none:
    /// NBSP, U+2000–U+200B spaces, U+2010–U+2015 hyphens and dashes, U+202F, U+2212 minus, the BOM.
    private static func separatorWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let remaining = bytes.count &- index
        switch bytes[index] {
        case 0xC2 where remaining >= 2 && bytes[index &+ 1] == 0xA0:
            return 2
        case 0xE2 where remaining >= 3:
            switch (bytes[index &+ 1], bytes[index &+ 2]) {
            case (0x80, 0x80...0x8B), (0x80, 0x90...0x95), (0x80, 0xAF), (0x88, 0x92): return 3
            default: return 0
            }
        case 0xEF where remaining >= 3 && bytes[index &+ 1] == 0xBB && bytes[index &+ 2] == 0xBF:
            return 3
        default:
            return 0
        }
    }

    /// The problem for the character at `index`: Excel's scientific notation if that is what the whole cell is,
    /// otherwise the character itself (or `nil` when it is invisible, a control or not UTF-8).
    private static func invalid(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> PhoneNumberProblem {
        if ExcelNumberText.isScientificNotation(bytes) { return .excelScientificNotation }
        let lead = bytes[index]
        let width = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let slice = UnsafeBufferPointer(rebasing: bytes[index..<min(index + width, bytes.count)])
        guard let scalar = String(decoding: slice, as: UTF8.self).unicodeScalars.first, scalar != "\u{FFFD}" else {
            return .invalidCharacters(nil)
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return .invalidCharacters(nil)
        default:
            return .invalidCharacters(String(scalar))
        }
    }
}
