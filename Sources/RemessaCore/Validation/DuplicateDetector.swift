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
    /// The keys ``touch(_:)`` loaded, folded.
    private var touched: UInt64 = 0

    init() {
        slots = Array(repeating: Slot(key: 0, check: 0, line: 0), count: 1024)
    }

    /// A pair reduced to what the table keeps, made while its text is at hand and looked up later.
    struct Probe {
        fileprivate let key: UInt64
        fileprivate let check: UInt32
    }

    /// The probe of a destination and a text.
    static func probe(of destination: PhoneNumber, text: String) -> Probe {
        var hash = StableHash(destination)
        hash.combine(text)
        return Probe(hash)
    }

    /// ``probe(of:text:)`` for a text given as its UTF-8 bytes (the same pair gives the same probe).
    static func probe(of destination: PhoneNumber, utf8 text: UnsafeBufferPointer<UInt8>) -> Probe {
        var hash = StableHash(destination)
        hash.combine(UnsafeRawBufferPointer(text))
        return Probe(hash)
    }

    /// Loads the slot where the lookup of `probe` starts, and nothing else.
    ///
    /// A lookup in a table of millions of slots misses the caches and the TLB; touching the slots of several
    /// probes first, in a loop whose loads do not depend on each other, lets those misses overlap, so the
    /// lookups that follow find their slots in cache.
    mutating func touch(_ probe: Probe) {
        let slot = slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: probe.key >> 7) & ($0.count &- 1)] }
        // Kept, so that the load is not optimised away; it costs a register and a XOR.
        touched ^= slot.key
    }

    /// The line where the pair of `probe` appeared first, or `nil` after remembering this one.
    mutating func firstLine(of probe: Probe, line: Int) -> Int? {
        let (key, check) = (probe.key, probe.check)
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

extension DuplicateDetector.Probe {
    fileprivate init(_ hash: StableHash) {
        key = hash.key | 1
        check = UInt32(truncatingIfNeeded: hash.check)
    }
}

/// Two fast 64-bit hashes of a destination and a UTF-8 text, computed in one pass. Unlike `Hasher`, they are
/// the same in every process, and cheaper on ~100-byte strings.
///
/// Each lane starts from the destination's packed word through a bijection, so different numbers start
/// different; the text then goes in 16 bytes at a time, one 64×64→128-bit multiply per lane (high and low
/// halves folded, different constants and word order per lane), then its length in a last round.
struct StableHash {
    private(set) var key: UInt64
    private(set) var check: UInt64

    private static let secrets: (UInt64, UInt64, UInt64, UInt64) = (
        0xA076_1D64_78BD_642F, 0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3, 0x5899_65CC_7537_4CC3
    )

    init(_ destination: PhoneNumber) {
        key = (destination.packedWord ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        check = (destination.packedWord ^ 0xC2B2_AE3D_27D4_EB4F) &* 0x94D0_49BB_1331_11EB
    }

    mutating func combine(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { combine(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(text.utf8).withUnsafeBytes { combine($0) }
        }
    }

    /// Takes in `bytes`, a whole text: its length goes in last.
    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var offset = 0
        while count &- offset > 16 {
            mix(
                bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self)
            )
            offset &+= 16
        }
        // The last 1 to 16 bytes as two words that together hold each of them (overlapping when fewer than 16,
        // or taken from the block before when the text is longer), so for a given length they tell texts apart.
        var first: UInt64 = 0
        var second: UInt64 = 0
        if count >= 16 {
            first = bytes.loadUnaligned(fromByteOffset: count &- 16, as: UInt64.self)
            second = bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 8 {
            first = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            second = bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            first = UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            second = UInt64(bytes.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
        } else if count > 0 {
            first = UInt64(bytes[0]) &<< 16 | UInt64(bytes[count &>> 1]) &<< 8 | UInt64(bytes[count &- 1])
        }
        mix(first, second)
        // The length last, in a round of its own: mixed into a data word, it could cancel a difference there.
        let length = UInt64(truncatingIfNeeded: count)
        key = Self.fold(key ^ Self.secrets.1, length ^ Self.secrets.0)
        check = Self.fold(check ^ Self.secrets.3, length ^ Self.secrets.2)
    }

    @inline(__always)
    private mutating func mix(_ first: UInt64, _ second: UInt64) {
        key = Self.fold(key ^ first ^ Self.secrets.0, second ^ Self.secrets.1)
        check = Self.fold(check ^ second ^ Self.secrets.2, first ^ Self.secrets.3)
    }

    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
