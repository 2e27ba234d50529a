/// A finished upload: the bytes sent and, if asked for, their SHA-256.
public struct SFTPUploadResult: Sendable, Hashable {
    /// Bytes written to the server.
    public var byteCount: UInt64
    /// Lower-case hex SHA-256 of those bytes, when ``SFTPUploadOptions/computeSHA256`` was set.
    public var sha256: String?

    public init(byteCount: UInt64, sha256: String?) {
        self.byteCount = byteCount
        self.sha256 = sha256
    }
}
