/// How a drop's folders are reached.
public enum DropTransportConfiguration: Sendable, Equatable {
    /// A directory on this host.
    case local
    /// An SFTP server reached through libssh2.
    case sftp(SFTPDropConfiguration)
}
