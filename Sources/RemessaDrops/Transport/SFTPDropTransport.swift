import Foundation
import Logging
import RemessaCore
import RemessaSFTP

/// A drop on an SFTP server, through one `SFTPClient` (one connection, reconnected as needed).
package struct SFTPDropTransport: DropTransport {
    let client: SFTPClient
    /// The drop's root on the server; empty for the login directory.
    let root: String

    package init(configuration: SFTPConfiguration, root: String?, logger: Logger) {
        self.client = SFTPClient(configuration: configuration, logger: logger)
        self.root = root ?? ""
    }

    func absolute(_ path: String) -> String {
        root.isEmpty ? path : DropPath.join(root, path)
    }

    /// The most files one listing returns: the oldest this many regular files of a folder (by modification time,
    /// then name). The folder is read as a stream and only these are kept, so a drop holding millions of files costs
    /// bounded memory per poll and its oldest files are taken first; the rest wait for later polls.
    package static let listingLimit = 10_000

    package func list(_ folder: String) async throws -> [DropEntry] {
        let files: [SFTPDirectoryEntry]
        do {
            files = try await client.oldestRegularFiles(in: absolute(folder), limit: Self.listingLimit)
        } catch let error as SFTPError where error.code == .noSuchFile {
            throw DropTransportError(code: .notFound, path: folder)
        }
        return try files.map { try Self.entry($0, in: folder) }
    }

    /// A listed file as a drop entry: a name that is not UTF-8 is read as Windows-1252 (contract section 14) and
    /// keeps its bytes for ``renameListed(_:in:to:)``.
    static func entry(_ file: SFTPDirectoryEntry, in folder: String) throws -> DropEntry {
        guard !file.hasUTF8Name else {
            return try Self.entry(file.name, file.attributes, path: DropPath.join(folder, file.name))
        }
        let name = file.nameBytes.withUnsafeBufferPointer { Windows1252.decode($0) }
        var entry = try Self.entry(name, file.attributes, path: DropPath.join(folder, name))
        entry.nameBytes = file.nameBytes
        return entry
    }

    /// A drop entry from a server's attributes; a size or time that does not fit is an error, never a trap
    /// (RemessaSFTP already refuses those, this keeps the conversion safe on its own).
    static func entry(_ name: String, _ attributes: SFTPFileAttributes, path: String) throws -> DropEntry {
        let seconds = attributes.modificationTime?.timeIntervalSince1970 ?? 0
        guard let size = Int64(exactly: attributes.size ?? 0),
            seconds.isFinite, let modification = Int64(exactly: seconds.rounded(.down))
        else {
            throw SFTPError(
                code: .implausibleValue,
                operation: "stat",
                path: path,
                detail: "size \(attributes.size ?? 0), modification time \(seconds)"
            )
        }
        return DropEntry(
            name: name,
            size: size,
            modification: modification,
            isRegularFile: attributes.type == .regular
        )
    }

    package func entry(at path: String) async throws -> DropEntry? {
        try await client.attributesIfExists(at: absolute(path)).map {
            try Self.entry(String(path.split(separator: "/").last ?? ""), $0, path: path)
        }
    }

    package func renameListed(_ entry: DropEntry, in folder: String, to destination: String) async throws {
        guard let nameBytes = entry.nameBytes else {
            return try await rename(DropPath.join(folder, entry.name), to: destination)
        }
        let source = Array(DropPath.join(absolute(folder), "").utf8) + nameBytes
        do {
            try await client.rename(bytes: source, to: absolute(destination))
        } catch let error as SFTPError where error.code == .fileExists {
            throw DropTransportError(code: .exists, path: destination)
        } catch let error as SFTPError where error.code == .noSuchFile {
            // As in rename: "no such file" is either side; a missing target folder is a drop error.
            let targetFolder = String(absolute(destination).split(separator: "/").dropLast().joined(separator: "/"))
            let prefix = absolute(destination).hasPrefix("/") ? "/" : ""
            let folderExists = try await client.attributesIfExists(at: prefix + targetFolder) != nil
            if targetFolder.isEmpty || folderExists {
                throw DropTransportError(code: .notFound, path: DropPath.join(folder, entry.name))
            }
            throw error
        }
    }

    package func rename(_ source: String, to destination: String) async throws {
        do {
            try await client.rename(absolute(source), to: absolute(destination))
        } catch let error as SFTPError where error.code == .fileExists {
            throw DropTransportError(code: .exists, path: destination)
        } catch let error as SFTPError where error.code == .noSuchFile {
            // OpenSSH answers "no such file" both for a missing source and a missing target folder.
            if try await client.attributesIfExists(at: absolute(source)) == nil {
                throw DropTransportError(code: .notFound, path: source)
            }
            throw error
        }
    }

    package func download(_ path: String, to localPath: String) async throws -> DownloadedFile {
        do {
            let result = try await client.download(absolute(path), to: localPath)
            return DownloadedFile(
                size: Int64(clamping: result.transfer.byteCount),
                sha256: result.transfer.sha256,
                changedWhileReading: result.remoteFileChanged
            )
        } catch let error as SFTPError where error.code == .noSuchFile {
            throw DropTransportError(code: .notFound, path: path)
        }
    }

    package func publish(_ localPath: String, into folder: String, as name: String) async throws -> String {
        // 0640, as every file Remessa creates: the client's group reads it, nobody else.
        let result = try await client.publish(
            from: localPath,
            to: absolute(DropPath.join(folder, name)),
            options: SFTPPublishOptions(permissions: 0o640)
        )
        return String(result.path.split(separator: "/").last ?? Substring(name))
    }

    package func remove(_ path: String) async throws {
        do {
            try await client.remove(absolute(path))
        } catch let error as SFTPError where error.code == .noSuchFile {
            return
        }
    }

    package func ensureFolder(_ folder: String) async throws {
        try await client.makeDirectory(absolute(folder), intermediateDirectories: true)
    }

    package func close() async {
        await client.close()
    }
}
