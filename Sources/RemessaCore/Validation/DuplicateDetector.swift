/// Remembers each (destination, final text) pair of a file, to reject repeats as `DUPLICATE`.
///
/// Keeps 16 bytes per accepted row in an open-addressing table (a 64-bit key hash, a 32-bit check hash and
/// the line) rather than the texts, so a million-row file costs ~32 MB, not the size of its messages. Two
/// different pairs are confused only if both 96 bits collide.
struct DuplicateDetector {
    private var keys: [UInt64]
    private var checks: [UInt32]
    private var lines: [UInt32]
    private var count = 0

    init() {
        keys = Array(repeating: 0, count: 1024)
        checks = Array(repeating: 0, count: 1024)
        lines = Array(repeating: 0, count: 1024)
    }

    /// The line where the same pair appeared first, or `nil` after remembering this one.
    mutating func firstLine(of destination: String, text: String, line: Int) -> Int? {
        var keyHash = StableHash(seed: 0x9E37_79B9_7F4A_7C15)
        keyHash.combine(destination)
        keyHash.combine(text)
        var checkHash = StableHash(seed: 0xC2B2_AE3D_27D4_EB4F)
        checkHash.combine(text)
        checkHash.combine(destination)
        let key = keyHash.value | 1  // 0 marks an empty slot
        let check = UInt32(truncatingIfNeeded: checkHash.value)
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key >> 7) & mask
        while keys[slot] != 0 {
            if keys[slot] == key && checks[slot] == check { return Int(lines[slot]) }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        checks[slot] = check
        lines[slot] = UInt32(clamping: line)
        count += 1
        if count * 2 > keys.count { grow() }
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldChecks = checks
        let oldLines = lines
        let capacity = keys.count * 2
        keys = Array(repeating: 0, count: capacity)
        checks = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldKeys[index] >> 7) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            checks[slot] = oldChecks[index]
            lines[slot] = oldLines[index]
        }
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
