import CLibSSH2
import Foundation

/// What the server reports about a file: SFTP v3 attributes, each present only if the server sent it.
public struct SFTPFileAttributes: Sendable, Hashable {
    /// The kind of file, from the permission bits.
    public var type: SFTPFileType
    /// The size in bytes.
    public var size: UInt64?
    /// The permission bits (`0o644`), without the file type.
    public var permissions: UInt32?
    /// The modification time, to the second.
    public var modificationTime: Date?
    /// The access time, to the second.
    public var accessTime: Date?
    /// The owner's numeric id.
    public var userID: UInt32?
    /// The group's numeric id.
    public var groupID: UInt32?

    public init(
        type: SFTPFileType,
        size: UInt64? = nil,
        permissions: UInt32? = nil,
        modificationTime: Date? = nil,
        accessTime: Date? = nil,
        userID: UInt32? = nil,
        groupID: UInt32? = nil
    ) {
        self.type = type
        self.size = size
        self.permissions = permissions
        self.modificationTime = modificationTime
        self.accessTime = accessTime
        self.userID = userID
        self.groupID = groupID
    }

    /// The largest size accepted from a server: what a signed 64-bit file offset can hold (POSIX `off_t`).
    public static let maximumSize = UInt64(Int64.max)
    /// The latest time accepted from a server: SFTP v3 sends times as 32-bit seconds (February 2106).
    public static let maximumTime = UInt64(UInt32.max)

    /// The attributes libssh2 decoded from a server's answer about `path`; a size or time no real file has is
    /// `.implausibleValue` (so nothing downstream converts it with a trap).
    init(_ raw: LIBSSH2_SFTP_ATTRIBUTES, operation: String, path: String) throws(SFTPError) {
        let flags = raw.flags
        let mode = flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 ? UInt32(truncatingIfNeeded: raw.permissions) : nil
        self.type = mode.map { SFTPFileType(mode: $0) } ?? .unknown
        self.permissions = mode.map { $0 & 0o7777 }
        if flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 {
            guard raw.filesize <= Self.maximumSize else {
                throw SFTPError(
                    code: .implausibleValue,
                    operation: operation,
                    path: path,
                    detail: "the server reports a size of \(raw.filesize) bytes, beyond \(Self.maximumSize)"
                )
            }
            self.size = raw.filesize
        }
        if flags & UInt(LIBSSH2_SFTP_ATTR_ACMODTIME) != 0 {
            for time in [raw.mtime, raw.atime] where UInt64(time) > Self.maximumTime {
                throw SFTPError(
                    code: .implausibleValue,
                    operation: operation,
                    path: path,
                    detail: "the server reports a time of \(time) seconds since 1970, beyond \(Self.maximumTime)"
                )
            }
            self.modificationTime = Date(timeIntervalSince1970: TimeInterval(raw.mtime))
            self.accessTime = Date(timeIntervalSince1970: TimeInterval(raw.atime))
        }
        if flags & UInt(LIBSSH2_SFTP_ATTR_UIDGID) != 0 {
            self.userID = UInt32(truncatingIfNeeded: raw.uid)
            self.groupID = UInt32(truncatingIfNeeded: raw.gid)
        }
    }
}
