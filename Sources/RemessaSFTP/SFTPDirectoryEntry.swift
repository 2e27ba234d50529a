/// One name in a remote directory, with the attributes the server sent alongside it (not following symlinks).
///
/// Names are decoded as UTF-8; a name that is not valid UTF-8 has its bad bytes replaced (U+FFFD) and cannot be
/// used to reach the file.
public struct SFTPDirectoryEntry: Sendable, Hashable {
    /// The file name, without the directory.
    public var name: String
    /// Its attributes.
    public var attributes: SFTPFileAttributes

    public init(name: String, attributes: SFTPFileAttributes) {
        self.name = name
        self.attributes = attributes
    }
}
