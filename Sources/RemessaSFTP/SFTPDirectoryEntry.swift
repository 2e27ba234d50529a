/// One name in a remote directory, with the attributes the server sent alongside it (not following symlinks).
///
/// ``nameBytes`` are the name exactly as the server sent it; ``name`` is them decoded as UTF-8, with bad bytes
/// replaced (U+FFFD) when they are not valid UTF-8 (``hasUTF8Name`` is then false, and only ``nameBytes`` reach
/// the file, for example through ``SFTPClient/rename(bytes:to:)``).
public struct SFTPDirectoryEntry: Sendable, Hashable {
    /// The file name, without the directory, decoded as UTF-8.
    public var name: String
    /// The name's bytes as the server sent them.
    public var nameBytes: [UInt8]
    /// Its attributes.
    public var attributes: SFTPFileAttributes

    public init(name: String, attributes: SFTPFileAttributes) {
        self.name = name
        self.nameBytes = Array(name.utf8)
        self.attributes = attributes
    }

    /// An entry named by the bytes the server sent.
    public init(nameBytes: [UInt8], attributes: SFTPFileAttributes) {
        self.name = String(decoding: nameBytes, as: UTF8.self)
        self.nameBytes = nameBytes
        self.attributes = attributes
    }

    /// Whether ``nameBytes`` are valid UTF-8, so ``name`` is exactly them.
    public var hasUTF8Name: Bool {
        String(validating: self.nameBytes, as: UTF8.self) != nil
    }
}
