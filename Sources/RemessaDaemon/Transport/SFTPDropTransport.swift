import Foundation
import Logging
import RemessaSFTP

/// A drop on an SFTP server, through one `SFTPClient` (one connection, reconnected as needed).
public struct SFTPDropTransport: DropTransport {
    let client: SFTPClient
    /// The drop's root on the server; empty for the login directory.
    let root: String

    public init(configuration: SFTPConfiguration, root: String?, logger: Logger) {
        self.client = SFTPClient(configuration: configuration, logger: logger)
        self.root = root ?? ""
    }

    func absolute(_ path: String) -> String {
        root.isEmpty ? path : DropPath.join(root, path)
    }

    public func list(_ folder: String) async throws -> [DropEntry] {
        var entries: [DropEntry] = []
        do {
            for try await entry in client.list(absolute(folder)) where entry.attributes.type == .regular {
                entries.append(Self.entry(entry.name, entry.attributes))
            }
        } catch let error as SFTPError where error.code == .noSuchFile {
            throw DropTransportError(code: .notFound, path: folder)
        }
        return entries
    }

    static func entry(_ name: String, _ attributes: SFTPFileAttributes) -> DropEntry {
        DropEntry(
            name: name,
            size: Int64(attributes.size ?? 0),
            modification: Int64(attributes.modificationTime?.timeIntervalSince1970 ?? 0),
            isRegularFile: attributes.type == .regular
        )
    }

    public func entry(at path: String) async throws -> DropEntry? {
        try await client.attributesIfExists(at: absolute(path)).map {
            Self.entry(String(path.split(separator: "/").last ?? ""), $0)
        }
    }

    public func rename(_ source: String, to destination: String) async throws {
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

    public func download(_ path: String, to localPath: String) async throws -> DownloadedFile {
        do {
            let result = try await client.download(absolute(path), to: localPath)
            return DownloadedFile(
                size: Int64(result.transfer.byteCount),
                sha256: result.transfer.sha256,
                changedWhileReading: result.remoteFileChanged
            )
        } catch let error as SFTPError where error.code == .noSuchFile {
            throw DropTransportError(code: .notFound, path: path)
        }
    }

    public func publish(_ localPath: String, into folder: String, as name: String) async throws -> String {
        let result = try await client.publish(from: localPath, to: absolute(DropPath.join(folder, name)))
        return String(result.path.split(separator: "/").last ?? Substring(name))
    }

    public func remove(_ path: String) async throws {
        do {
            try await client.remove(absolute(path))
        } catch let error as SFTPError where error.code == .noSuchFile {
            return
        }
    }

    public func ensureFolder(_ folder: String) async throws {
        try await client.makeDirectory(absolute(folder), intermediateDirectories: true)
    }

    public func close() async {
        await client.close()
    }
}
