/// The record `CSVReader` is assembling: unescaped field bytes and field ends, in buffers reused for every record.
///
/// The buffers grow with the longest record seen (never past the reader's `maxRecordBytes`), not with the file.
/// The raw pointers are cached here so that the scan loop touches no class property (class properties pay for
/// dynamic exclusivity checks).
struct CSVRecordBuffer: @unchecked Sendable {
    // @unchecked: the pointers belong to `owner`, and `makeUnique()` gives a copied reader its own `owner`
    // before the first write, so memory reachable from two readers is never mutated.

    /// Owns the memory; frees it when the last reader that uses it goes away.
    private final class Owner {
        var bytes: UnsafeMutablePointer<UInt8>
        var ends: UnsafeMutablePointer<Int>

        init(byteCapacity: Int, endCapacity: Int) {
            bytes = .allocate(capacity: byteCapacity)
            ends = .allocate(capacity: endCapacity)
        }

        deinit {
            bytes.deallocate()
            ends.deallocate()
        }
    }

    private var owner: Owner
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var byteCapacity: Int
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var endCapacity: Int
    /// Bytes of the fields so far (complete ones and the one being read).
    var byteCount = 0
    /// Completed fields of the current record.
    var fieldCount = 0

    init(maxRecordBytes: Int) {
        byteCapacity = max(1, min(maxRecordBytes, 4096))
        endCapacity = 64
        owner = Owner(byteCapacity: byteCapacity, endCapacity: endCapacity)
        bytes = owner.bytes
        ends = owner.ends
    }

    /// Gives this copy its own memory if another reader shares it (copy on write).
    mutating func makeUnique() {
        guard !isKnownUniquelyReferenced(&owner) else { return }
        let copy = Owner(byteCapacity: byteCapacity, endCapacity: endCapacity)
        copy.bytes.update(from: bytes, count: byteCount)
        copy.ends.update(from: ends, count: fieldCount)
        owner = copy
        bytes = copy.bytes
        ends = copy.ends
    }

    /// Appends `count` bytes; the caller has checked them against `maxRecordBytes`.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count: Int) {
        if byteCount &+ count > byteCapacity { growBytes(toHold: byteCount &+ count) }
        (bytes + byteCount).update(from: source, count: count)
        byteCount &+= count
    }

    /// Appends one byte; the caller has checked it against `maxRecordBytes`.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if byteCount == byteCapacity { growBytes(toHold: byteCount &+ 1) }
        bytes[byteCount] = byte
        byteCount &+= 1
    }

    /// Ends the current field at the current byte count.
    @inline(__always)
    mutating func endField(quoted: Bool) {
        if fieldCount == endCapacity { growEnds() }
        ends[fieldCount] = byteCount &<< 1 | (quoted ? 1 : 0)
        fieldCount &+= 1
    }

    /// Forgets the current record, keeping the memory.
    @inline(__always)
    mutating func reset() {
        byteCount = 0
        fieldCount = 0
    }

    /// The completed record, pointing into this buffer.
    @inline(__always)
    func record(line: Int, endLine: Int) -> CSVRecord {
        CSVRecord(storage: bytes, ends: ends, count: fieldCount, line: line, endLine: endLine)
    }

    @inline(never)
    private mutating func growBytes(toHold needed: Int) {
        var capacity = byteCapacity &* 2
        while capacity < needed { capacity &*= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: bytes, count: byteCount)
        owner.bytes.deallocate()
        owner.bytes = grown
        bytes = grown
        byteCapacity = capacity
    }

    @inline(never)
    private mutating func growEnds() {
        let capacity = endCapacity &* 2
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        grown.update(from: ends, count: fieldCount)
        owner.ends.deallocate()
        owner.ends = grown
        ends = grown
        endCapacity = capacity
    }
}
