import Crypto

/// SHA-256 and byte count of a stream, fed block by block.
final class StreamHasher: @unchecked Sendable {
    // @unchecked Sendable: fed by one helper thread, then read after that thread was joined.
    private var hasher = SHA256()
    private(set) var byteCount: UInt64 = 0

    func update(_ bytes: UnsafeRawBufferPointer) {
        self.hasher.update(bufferPointer: bytes)
        self.byteCount += UInt64(bytes.count)
    }

    func finalizeHash() -> String {
        self.hasher.finalize().hexString
    }
}
