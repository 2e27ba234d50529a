/// Remembers each (destination, final text) pair of a file, to reject repeats as `DUPLICATE`.
///
/// Keeps 12 bytes per accepted row (a 64-bit key hash and a 32-bit check hash) rather than the texts, so a
/// million-row file costs ~20 MB, not the size of its messages. Two different pairs are confused only if
/// both 96 bits collide.
struct DuplicateDetector {
    private var firstLines: [UInt64: Entry] = [:]

    private struct Entry {
        var check: UInt32
        var line: UInt32
    }

    /// The line where the same pair appeared first, or `nil` after remembering this one.
    mutating func firstLine(of destination: String, text: String, line: Int) -> Int? {
        var key = StableHash(seed: 0x9E37_79B9_7F4A_7C15)
        key.combine(destination)
        key.combine(text)
        var check = StableHash(seed: 0xC2B2_AE3D_27D4_EB4F)
        check.combine(text)
        check.combine(destination)
        let entry = Entry(check: UInt32(truncatingIfNeeded: check.value), line: UInt32(clamping: line))
        if let existing = firstLines[key.value] {
            return existing.check == entry.check ? Int(existing.line) : nil
        }
        firstLines[key.value] = entry
        return nil
    }
}

/// A fast, seeded 64-bit hash over UTF-8 bytes (multiply–xorshift on 8-byte words). Unlike `Hasher`, it is
/// the same in every process, and cheaper on ~100-byte strings.
struct StableHash {
    private(set) var value: UInt64

    init(seed: UInt64) {
        value = seed
    }

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            combine(UnsafeRawBufferPointer(bytes))
        }
        mix(0xFF)  // separator, so ("ab", "c") and ("a", "bc") differ
    }

    private mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail ^ (UInt64(bytes.count) << 56))
    }

    private mutating func mix(_ word: UInt64) {
        var x = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        value = x ^ (x >> 29)
    }
}
