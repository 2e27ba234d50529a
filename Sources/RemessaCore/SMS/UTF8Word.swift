/// Eight UTF-8 bytes read as one `UInt64`, so the encoder's loops look at a word per step (SWAR).
///
/// Byte order does not matter: every test is per byte and no arithmetic carries between bytes.
struct UTF8Word {
    let bits: UInt64

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    @inline(__always)
    init(_ base: UnsafePointer<UInt8>, at index: Int) {
        bits = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
    }

    /// Whether all eight bytes are in 0x20…0x5A or 0x61…0x7A: GSM-7 basic characters costing one septet.
    ///
    /// Anything else (line breaks, `[ \ ] ^ _` and the backtick, `{ | } ~`, non-ASCII) needs a byte-wise look.
    @inline(__always)
    var isPlainGSM7: Bool {
        guard bits & Self.highBits == 0 else { return false }
        // With every byte below 0x80, adding k sets a byte's high bit exactly when byte >= 0x80 - k.
        let atLeastSpace = (bits &+ Self.ones &* 0x60) & Self.highBits
        let atLeastBracket = (bits &+ Self.ones &* 0x25) & Self.highBits  // >= 0x5B
        let atLeastLowerA = (bits &+ Self.ones &* 0x1F) & Self.highBits  // >= 0x61
        let atLeastBrace = (bits &+ Self.ones &* 0x05) & Self.highBits  // >= 0x7B
        return atLeastSpace == Self.highBits && atLeastBrace == 0 && atLeastBracket & ~atLeastLowerA == 0
    }

    /// Bytes that start a scalar (all but the continuation bytes 0b10xxxxxx).
    @inline(__always)
    var scalarStarts: Int {
        let continuations = bits & ~(bits << 1) & Self.highBits
        return 8 &- continuations.nonzeroBitCount
    }

    /// Lead bytes of four-byte sequences (0b11110xxx): scalars above U+FFFF, surrogate pairs in UTF-16.
    @inline(__always)
    var fourByteLeads: Int {
        (bits & (bits << 1) & (bits << 2) & (bits << 3) & Self.highBits).nonzeroBitCount
    }
}
