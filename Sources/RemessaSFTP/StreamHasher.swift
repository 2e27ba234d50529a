import Crypto

/// SHA-256 and byte count of a stream, fed block by block.
final class StreamHasher {
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

// @unchecked because a hasher is fed by one helper thread, then read only after that thread was joined.
extension StreamHasher: @unchecked Sendable {}
