import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A drop that is a directory on this host (the demo's default, and sites where sshd runs on this machine).
///
/// Renames use `link` + `unlink`, so taking a name that exists fails instead of replacing it, as on an
/// OpenSSH server.
public struct LocalDropTransport: DropTransport {
    /// The drop's root directory.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    func absolute(_ path: String) -> String {
        DropPath.join(root, path)
    }

    public func list(_ folder: String) async throws -> [DropEntry] {
        let directory = absolute(folder)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DropTransportError(code: .notFound, path: folder)
        }
        return names.compactMap { name in
            Self.stat(DropPath.join(directory, name), name: name).flatMap { $0.isRegularFile ? $0 : nil }
        }
    }

    public func entry(at path: String) async throws -> DropEntry? {
        Self.stat(absolute(path), name: String(path.split(separator: "/").last ?? ""))
    }

    static func stat(_ path: String, name: String) -> DropEntry? {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0 else { return nil }
        return DropEntry(
            name: name,
            size: Int64(info.st_size),
            modification: Int64(info.st_mtim.tv_sec),
            isRegularFile: (info.st_mode & S_IFMT) == S_IFREG
        )
    }

    public func rename(_ source: String, to destination: String) async throws {
        try Self.renameNoReplace(absolute(source), absolute(destination), source: source, destination: destination)
    }

    static func renameNoReplace(_ from: String, _ to: String, source: String, destination: String) throws {
        guard link(from, to) == 0 else {
            let code = errno
            if code == EEXIST { throw DropTransportError(code: .exists, path: destination) }
            if code == ENOENT { throw DropTransportError(code: .notFound, path: source) }
            throw POSIXFailure(operation: "link", path: destination, errno: code)
        }
        guard unlink(from) == 0 else {
            throw POSIXFailure(operation: "unlink", path: source, errno: errno)
        }
    }

    public func download(_ path: String, to localPath: String) async throws -> DownloadedFile {
        let source = absolute(path)
        guard let before = Self.stat(source, name: path) else {
            throw DropTransportError(code: .notFound, path: path)
        }
        let temporary = localPath + ".part"
        let (size, sha256) = try LocalFileCopy.copy(from: source, to: temporary)
        try LocalFileCopy.replace(localPath, with: temporary)
        let after = Self.stat(source, name: path)
        let changed = after?.size != before.size || after?.modification != before.modification || size != before.size
        return DownloadedFile(size: size, sha256: sha256, changedWhileReading: changed)
    }

    public func publish(_ localPath: String, into folder: String, as name: String) async throws -> String {
        let directory = absolute(folder)
        let (size, sha256) = try LocalFileCopy.hash(localPath)
        var firstFree: Int?
        for index in 0...999 {
            let candidate = DropPath.join(directory, DropPath.variant(name, index))
            guard let existing = Self.stat(candidate, name: name) else {
                firstFree = index
                break
            }
            if existing.isRegularFile, existing.size == size, try LocalFileCopy.hash(candidate).sha256 == sha256 {
                return DropPath.variant(name, index)
            }
        }
        guard var index = firstFree else { throw DropTransportError(code: .exists, path: DropPath.join(folder, name)) }
        let temporary = DropPath.join(directory, ".\(name).remessa.part")
        _ = try LocalFileCopy.copy(from: localPath, to: temporary)
        defer { unlink(temporary) }
        while index <= 999 {
            let candidate = DropPath.variant(name, index)
            if link(temporary, DropPath.join(directory, candidate)) == 0 {
                return candidate
            }
            guard errno == EEXIST else {
                throw POSIXFailure(operation: "link", path: DropPath.join(folder, candidate), errno: errno)
            }
            index += 1
        }
        throw DropTransportError(code: .exists, path: DropPath.join(folder, name))
    }

    public func remove(_ path: String) async throws {
        guard unlink(absolute(path)) == 0 || errno == ENOENT else {
            throw POSIXFailure(operation: "unlink", path: path, errno: errno)
        }
    }

    public func ensureFolder(_ folder: String) async throws {
        try FileManager.default.createDirectory(atPath: absolute(folder), withIntermediateDirectories: true)
    }

    public func close() async {}
}
