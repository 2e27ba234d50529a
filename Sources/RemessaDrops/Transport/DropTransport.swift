import RemessaCore

/// A drop's folder tree, reached over SFTP or on this host. Paths are relative to the drop's root
/// (`inbox/clientes.csv`). Nothing is ever overwritten: renames onto a taken name fail with `.exists`.
package protocol DropTransport: Sendable {
    /// The regular files of a folder, with size and modification time.
    func list(_ folder: String) async throws -> [DropEntry]
    /// What is at `path`, or nil.
    func entry(at path: String) async throws -> DropEntry?
    /// Renames without overwriting.
    func rename(_ source: String, to destination: String) async throws
    /// Renames an entry of `folder` as it was listed, without overwriting: through its raw name bytes when the
    /// name is not valid UTF-8 (``DropEntry/nameBytes``), so such a file can be claimed under a readable name.
    func renameListed(_ entry: DropEntry, in folder: String, to destination: String) async throws
    /// Copies `path` to the local file `localPath`, hashing it.
    func download(_ path: String, to localPath: String) async throws -> DownloadedFile
    /// Uploads `localPath` into `folder` as `name` under a hidden temporary name, then renames it into place;
    /// a taken name gets a suffix (`name-1.ext`), and a retry finds its own earlier upload. Returns the name used.
    func publish(_ localPath: String, into folder: String, as name: String) async throws -> String
    func remove(_ path: String) async throws
    /// Creates a folder if it is missing.
    func ensureFolder(_ folder: String) async throws
    /// Drops a connection if there is one; the next call reconnects.
    func close() async
}

extension DropTransport {
    /// A name that is valid UTF-8 is renamed by its path; transports that list other names override this.
    package func renameListed(_ entry: DropEntry, in folder: String, to destination: String) async throws {
        try await rename(DropPath.join(folder, entry.name), to: destination)
    }
}

/// A file in a drop folder.
package struct DropEntry: Sendable, Hashable {
    /// The name as Remessa shows and writes it: as it is when valid UTF-8, else read as Windows-1252
    /// (contract section 14).
    package var name: String
    /// The name's bytes on the server or disk when they are not valid UTF-8; `nil` when `name` is them.
    package var nameBytes: [UInt8]?
    package var size: Int64
    /// Modification time in seconds since 1970, as the server reports it.
    package var modification: Int64
    package var kind: Kind
    package var isRegularFile: Bool { kind == .regular }

    /// What an entry is. Over SFTP the server decides (links are followed there); a local drop tells them apart.
    package enum Kind: String, Sendable, Hashable {
        case regular
        case symbolicLink
        case fifo
        case socket
        case directory
        case device

        /// How an error file names it, in English and Portuguese.
        package var wording: (en: String, ptBR: String) {
            switch self {
            case .regular: ("a regular file", "um arquivo comum")
            case .symbolicLink: ("a symbolic link", "um link simbólico")
            case .fifo: ("a named pipe", "um pipe nomeado")
            case .socket: ("a socket", "um socket")
            case .directory: ("a folder", "uma pasta")
            case .device: ("a device", "um dispositivo")
            }
        }
    }

    package init(
        name: String,
        size: Int64,
        modification: Int64,
        isRegularFile: Bool = true,
        nameBytes: [UInt8]? = nil
    ) {
        self.init(
            name: name,
            size: size,
            modification: modification,
            kind: isRegularFile ? .regular : .device,
            nameBytes: nameBytes
        )
    }

    package init(name: String, size: Int64, modification: Int64, kind: Kind, nameBytes: [UInt8]? = nil) {
        self.name = name
        self.nameBytes = nameBytes
        self.size = size
        self.modification = modification
        self.kind = kind
    }
}

/// A finished download.
package struct DownloadedFile: Sendable, Hashable {
    package var size: Int64
    package var sha256: String
    /// Whether the file changed while it was read (it is still being written).
    package var changedWhileReading: Bool
}

/// A transport failure the daemon reacts to specifically; others pass through as they are.
package struct DropTransportError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// The destination of a rename or publish exists.
        case exists
        /// The source does not exist.
        case notFound
        /// A link, pipe, socket or folder where a file was to be read: never read through (local drops).
        case notARegularFile(DropEntry.Kind)
        /// A drop folder is a symbolic link or not a folder: nothing is read or written through it.
        case unsafeFolder
    }

    package var code: Code
    package var path: String

    package var description: String {
        let path = ControlCharacterEscaping.escaped(self.path)
        return switch code {
        case .exists: "\(path) already exists"
        case .notFound: "\(path) does not exist"
        case .notARegularFile(let kind): "\(path) is \(kind.wording.en), not a regular file"
        case .unsafeFolder:
            "\(path) is a symbolic link or not a folder; Remessa never follows a link inside a drop"
        }
    }
}
