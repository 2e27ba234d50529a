/// What a transfer moved: the byte count and the SHA-256 of exactly those bytes.
public struct SFTPTransferResult: Sendable, Hashable {
    /// Bytes transferred.
    public var byteCount: UInt64
    /// Lower-case hex SHA-256 of the bytes transferred, computed while they streamed.
    public var sha256: String

    public init(byteCount: UInt64, sha256: String) {
        self.byteCount = byteCount
        self.sha256 = sha256
    }
}
