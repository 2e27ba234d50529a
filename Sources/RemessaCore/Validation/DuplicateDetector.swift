/// Remembers each (destination, final text) pair of a file, to reject repeats as `DUPLICATE`.
///
/// Keeps 16 bytes per accepted row in an open-addressing table (a 64-bit key hash, a 32-bit check hash and
/// the line) rather than the texts, so a million-row file costs ~32 MB, not the size of its messages. Two
/// different pairs are confused only if both 96 bits collide.
struct DuplicateDetector {
    private struct Slot {
        /// 0 marks an empty slot.
        var key: UInt64
        var check: UInt32
        var line: UInt32
    }

    private var slots: [Slot]
    private var count = 0

    init() {
        slots = Array(repeating: Slot(key: 0, check: 0, line: 0), count: 1024)
    }

    /// The line where the same pair appeared first, or `nil` after remembering this one.
    mutating func firstLine(of destination: String, text: String, line: Int) -> Int? {
        var hash = Self.seeded
        hash.combine(destination)
        hash.combine(text)
        return firstLine(of: hash, line: line)
    }

    /// ``firstLine(of:text:line:)`` for a text given as its UTF-8 bytes (the same pair gives the same answer).
    mutating func firstLine(of destination: String, utf8 text: UnsafeBufferPointer<UInt8>, line: Int) -> Int? {
        var hash = Self.seeded
        hash.combine(destination)
        hash.combine(utf8: text)
        return firstLine(of: hash, line: line)
    }

    private static var seeded: StableHash {
        StableHash(keySeed: 0x9E37_79B9_7F4A_7C15, checkSeed: 0xC2B2_AE3D_27D4_EB4F)
    }

    private mutating func firstLine(of hash: StableHash, line: Int) -> Int? {
        let key = hash.key | 1
        let check = UInt32(truncatingIfNeeded: hash.check)
        let found: Int? = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count &- 1
            var index = Int(truncatingIfNeeded: key >> 7) & mask
            while slots[index].key != 0 {
                if slots[index].key == key && slots[index].check == check { return Int(slots[index].line) }
                index = (index &+ 1) & mask
            }
            slots[index] = Slot(key: key, check: check, line: UInt32(clamping: line))
            return nil
        }
        if let found { return found }
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, check: 0, line: 0), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.key != 0 {
            var index = Int(truncatingIfNeeded: slot.key >> 7) & mask
            while slots[index].key != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// Two fast, seeded 64-bit hashes over the same UTF-8 bytes, computed in one pass (multiply–xorshift on
/// 8-byte words, with different constants per lane). Unlike `Hasher`, they are the same in every process,
/// and cheaper on ~100-byte strings.
struct StableHash {
    private(set) var key: UInt64
    private(set) var check: UInt64

    init(keySeed: UInt64, checkSeed: UInt64) {
        key = keySeed
        check = checkSeed
    }

    mutating func combine(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { combine(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(text.utf8).withUnsafeBytes { combine($0) }
        }
        mix(0xFF)  // separator, so ("ab", "c") and ("a", "bc") differ
    }

    /// The same as ``combine(_:)`` on the `String` whose UTF-8 is `bytes`.
    mutating func combine(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        combine(UnsafeRawBufferPointer(bytes))
        mix(0xFF)
    }

    private mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset &+ 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift &+= 8
            offset &+= 1
        }
        mix(tail ^ (UInt64(bytes.count) << 56))
    }

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        var x = (key ^ word) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        key = x ^ (x >> 29)
        var y = (check ^ word) &* 0xFF51_AFD7_ED55_8CCD
        y ^= y >> 33
        y = y &* 0xC4CE_B9FE_1A85_EC53
        check = y ^ (y >> 33)
    }
}
