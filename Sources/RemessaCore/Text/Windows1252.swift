/// Windows-1252 (what Excel in Brazil calls "ANSI"), as the WHATWG Encoding Standard maps it.
///
/// 0x00–0x7F and 0xA0–0xFF are Latin-1; 0x80–0x9F hold typographic characters (`€`, curly quotes, dashes).
/// The five bytes Windows leaves unassigned there (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control with
/// the same value, so every byte decodes and nothing is lost.
public enum Windows1252 {
    /// The character `byte` stands for.
    @inline(__always)
    public static func scalar(for byte: UInt8) -> Unicode.Scalar {
        guard byte & 0xE0 == 0x80 else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(UInt16(high[Int(byte & 0x1F)]))!
    }

    /// Decodes `bytes` in one pass, writing UTF-8 straight into the new string.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count &* 3) { output in
            guard let base = output.baseAddress else { return 0 }
            return decode(bytes, into: base)
        }
    }

    /// Writes the UTF-8 of `bytes` to `output`, which has room for three bytes per input byte; returns the count.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        let utf8 = utf8Table
        var written = 0
        for byte in bytes {
            if byte < 0x80 {
                output[written] = byte
                written &+= 1
            } else {
                // Two or three UTF-8 bytes, low byte first, with the length in the top byte.
                var packed = utf8[Int(byte &- 0x80)]
                let length = Int(packed >> 24)
                for _ in 0..<length {
                    output[written] = UInt8(truncatingIfNeeded: packed)
                    packed >>= 8
                    written &+= 1
                }
            }
        }
        return written
    }

    /// U+0080 … U+009F's replacements for 0x80 … 0x9F.
    private static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The UTF-8 form of 0x80 … 0xFF, packed for `decode`.
    private static let utf8Table: [UInt32] = (0x80...0xFF).map { byte in
        let units = Array(String(Character(scalar(for: UInt8(byte)))).utf8)
        var packed = UInt32(units.count) << 24
        for (offset, unit) in units.enumerated() {
            packed |= UInt32(unit) << (8 * UInt32(offset))
        }
        return packed
    }
}
