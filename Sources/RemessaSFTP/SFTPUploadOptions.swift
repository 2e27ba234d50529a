/// How ``SFTPClient/upload(from:to:options:progress:)`` creates the remote file.
public struct SFTPUploadOptions: Sendable, Hashable {
    /// The permission bits of a file the upload creates (an overwritten file keeps its own).
    public var permissions: UInt32
    /// Replace an existing file (truncating it) instead of failing with `.fileExists`.
    public var overwrite: Bool
    /// Ask the server to flush the file to disk before closing it, where it supports `fsync@openssh.com`.
    public var fsync: Bool
    /// Compute the SHA-256 of the bytes sent (on the reader thread). Off by default: it costs about as much CPU
    /// as libssh2's encryption, and ``SFTPClient/publish(from:to:options:)`` hashes on its own.
    public var computeSHA256: Bool

    public init(permissions: UInt32 = 0o644, overwrite: Bool = false, fsync: Bool = true, computeSHA256: Bool = false) {
        self.permissions = permissions
        self.overwrite = overwrite
        self.fsync = fsync
        self.computeSHA256 = computeSHA256
    }
}
