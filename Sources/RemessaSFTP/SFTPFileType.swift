import CLibSSH2

/// The kind of a remote file.
public enum SFTPFileType: Sendable, Hashable {
    case regular
    case directory
    case symbolicLink
    /// A device, socket or FIFO.
    case special
    /// The server did not say.
    case unknown

    init(mode: UInt32) {
        switch mode & UInt32(LIBSSH2_SFTP_S_IFMT) {
        case UInt32(LIBSSH2_SFTP_S_IFREG): self = .regular
        case UInt32(LIBSSH2_SFTP_S_IFDIR): self = .directory
        case UInt32(LIBSSH2_SFTP_S_IFLNK): self = .symbolicLink
        case 0: self = .unknown
        default: self = .special
        }
    }
}
