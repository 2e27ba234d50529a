/// Eight UTF-8 bytes read as one `UInt64`, so the encoder's loops look at a word per step (SWAR).
///
/// Byte `i` of the text is bits `8i..<8i+8` on every platform; no arithmetic carries between bytes.
struct UTF8Word {
    let bits: UInt64

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    @inline(__always)
    init(_ base: UnsafePointer<UInt8>, at index: Int) {
        bits = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of every byte that is not plain GSM-7 (see ``isPlainGSM7``).
    @inline(__always)
    var notPlainGSM7: UInt64 {
        // With the high bits cleared, adding k sets a byte's high bit exactly when byte >= 0x80 - k.
        let ascii = bits & Self.lowBits
        let atLeastSpace = (ascii &+ Self.ones &* 0x60) & Self.highBits
        let atLeastBracket = (ascii &+ Self.ones &* 0x25) & Self.highBits  // >= 0x5B
        let atLeastLowerA = (ascii &+ Self.ones &* 0x1F) & Self.highBits  // >= 0x61
        let atLeastBrace = (ascii &+ Self.ones &* 0x05) & Self.highBits  // >= 0x7B
        return (bits & Self.highBits) | (~atLeastSpace & Self.highBits) | atLeastBrace
            | (atLeastBracket & ~atLeastLowerA)
    }

    /// Whether all eight bytes are in 0x20…0x5A or 0x61…0x7A: GSM-7 basic characters costing one septet.
    ///
    /// Anything else (line breaks, `[ \ ] ^ _` and the backtick, `{ | } ~`, non-ASCII) needs a byte-wise look.
    @inline(__always)
    var isPlainGSM7: Bool { notPlainGSM7 == 0 }

    /// How many bytes at the start are plain GSM-7 (8 when all are).
    @inline(__always)
    var plainGSM7Prefix: Int { notPlainGSM7.trailingZeroBitCount >> 3 }

    /// Bytes that start a scalar (all but the continuation bytes 0b10xxxxxx).
    @inline(__always)
    var scalarStarts: Int {
        8 &- Self.countHighBits(bits & ~(bits << 1) & Self.highBits)
    }

    /// Lead bytes of four-byte sequences (0b11110xxx): scalars above U+FFFF, surrogate pairs in UTF-16.
    @inline(__always)
    var fourByteLeads: Int {
        Self.countHighBits(bits & (bits << 1) & (bits << 2) & (bits << 3) & Self.highBits)
    }

    /// How many bytes of `mask` (only high bits set) are set: the multiply sums them into the top byte.
    /// Baseline x86-64 has no `popcnt`, and `nonzeroBitCount` falls back to a longer bit trick.
    @inline(__always)
    private static func countHighBits(_ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }
}
