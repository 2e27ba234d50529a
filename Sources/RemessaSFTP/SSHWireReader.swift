/// Reads SSH wire-format values (RFC 4251 §5): `uint32`, `string`, `name-list`.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Skips `count` bytes; false if there are not that many.
    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, self.bytes.count - self.offset >= count else { return false }
        self.offset += count
        return true
    }

    mutating func byte() -> UInt8? {
        guard self.offset < self.bytes.count else { return nil }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    mutating func uint32() -> UInt32? {
        guard self.bytes.count - self.offset >= 4 else { return nil }
        defer { self.offset += 4 }
        return self.bytes[self.offset..<self.offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() -> [UInt8]? {
        guard let length = self.uint32(), self.bytes.count - self.offset >= Int(length) else { return nil }
        defer { self.offset += Int(length) }
        return Array(self.bytes[self.offset..<self.offset + Int(length)])
    }

    mutating func nameList() -> [String]? {
        guard let raw = self.string() else { return nil }
        return String(decoding: raw, as: UTF8.self).split(separator: ",").map(String.init)
    }
}
