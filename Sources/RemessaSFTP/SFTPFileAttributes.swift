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

    init(_ raw: LIBSSH2_SFTP_ATTRIBUTES) {
        let flags = raw.flags
        let mode = flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 ? UInt32(truncatingIfNeeded: raw.permissions) : nil
        self.type = mode.map { SFTPFileType(mode: $0) } ?? .unknown
        self.size = flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 ? raw.filesize : nil
        self.permissions = mode.map { $0 & 0o7777 }
        if flags & UInt(LIBSSH2_SFTP_ATTR_ACMODTIME) != 0 {
            self.modificationTime = Date(timeIntervalSince1970: TimeInterval(raw.mtime))
            self.accessTime = Date(timeIntervalSince1970: TimeInterval(raw.atime))
        }
        if flags & UInt(LIBSSH2_SFTP_ATTR_UIDGID) != 0 {
            self.userID = UInt32(truncatingIfNeeded: raw.uid)
            self.groupID = UInt32(truncatingIfNeeded: raw.gid)
        }
    }
}
