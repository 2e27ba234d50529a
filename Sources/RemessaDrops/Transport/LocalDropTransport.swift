import CLinux
import RemessaCore
import RemessaSFTP

#if canImport(Glibc)
import Glibc
#endif

/// A drop that is a directory on this host (the demo's default, and sites where sshd runs on this machine).
///
/// Clients can write these folders, so nothing in them is trusted: every folder is opened without following
/// links and every entry is named relative to it (``LocalDirectory``); files are read only when they are regular
/// files, created only where nothing exists, and renamed without replacing anything (`RENAME_NOREPLACE`, which
/// also works for files that other Unix users uploaded). Renames and new files are fsynced with their folders.
package struct LocalDropTransport: DropTransport {
    /// The drop's root directory (the operator's; it may be reached through links).
    package let root: String
    /// The most entries one listing returns: the oldest, so a folder of millions of names costs bounded memory.
    static let listingLimit = 10_000

    package init(root: String) {
        self.root = root
    }

    func directory(_ folder: String, create: Bool = false) throws -> LocalDirectory {
        try LocalDirectory.open(root: root, folder: folder, create: create)
    }

    /// The folder and the last component of a drop-relative path.
    func split(_ path: String) throws -> (directory: LocalDirectory, name: NameBytes) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let last = parts.last else { throw DropTransportError(code: .notFound, path: path) }
        return (try directory(parts.dropLast().joined(separator: "/")), NameBytes(String(last)))
    }

    package func list(_ folder: String) async throws -> [DropEntry] {
        let directory = try directory(folder)
        var oldest = OldestEntries(limit: Self.listingLimit)
        try directory.entries { name, info in
            let (readable, raw) = DropFileName.readable(name.bytes)
            oldest.add(
                DropEntry(
                    name: readable,
                    size: info.size,
                    modification: info.modified_seconds,
                    kind: DropEntry.Kind(mode: info.mode),
                    nameBytes: raw
                )
            )
        }
        return oldest.entries
    }

    package func entry(at path: String) async throws -> DropEntry? {
        let (directory, name): (LocalDirectory, NameBytes)
        do {
            (directory, name) = try split(path)
        } catch let error as DropTransportError where error.code == .notFound {
            return nil
        }
        return try directory.status(of: name).map { info in
            DropEntry(
                name: name.readable,
                size: info.size,
                modification: info.modified_seconds,
                kind: DropEntry.Kind(mode: info.mode)
            )
        }
    }

    package func rename(_ source: String, to destination: String) async throws {
        let (from, name) = try split(source)
        try move(name, in: from, to: destination)
    }

    package func renameListed(_ entry: DropEntry, in folder: String, to destination: String) async throws {
        try move(NameBytes(entry.nameBytes ?? Array(entry.name.utf8)), in: directory(folder), to: destination)
    }

    private func move(_ name: NameBytes, in from: LocalDirectory, to destination: String) throws {
        let (to, target) = try split(destination)
        try from.rename(name, to: target, in: to)
        try to.sync()
        if to.folder != from.folder { try from.sync() }
    }

    package func download(_ path: String, to localPath: String) async throws -> DownloadedFile {
        let (directory, name) = try split(path)
        let input = try directory.openRegularFile(name)
        defer { Glibc.close(input) }
        var before = remessa_file_status()
        guard remessa_status_of(input, &before) == 0 else {
            throw POSIXFailure(operation: "stat", path: path, errno: errno)
        }
        let temporary = localPath + ".part"
        let (size, sha256) = try LocalFileCopy.copy(input, path: path, to: temporary)
        try LocalFileCopy.replace(localPath, with: temporary)
        var after = remessa_file_status()
        guard remessa_status_of(input, &after) == 0 else {
            throw POSIXFailure(operation: "stat", path: path, errno: errno)
        }
        // Still the same file under that name? A client may have renamed another over it meanwhile.
        let named = try directory.status(of: name)
        let changed =
            after.size != before.size || after.modified_seconds != before.modified_seconds
            || after.modified_nanoseconds != before.modified_nanoseconds || size != before.size
            || named?.inode != before.inode || named?.device != before.device
        return DownloadedFile(size: size, sha256: sha256, changedWhileReading: changed)
    }

    package func publish(_ localPath: String, into folder: String, as name: String) async throws -> String {
        let directory = try directory(folder)
        let (size, sha256) = try LocalFileCopy.hash(localPath)
        var firstFree: Int?
        for index in 0...999 {
            let candidate = NameBytes(DropPath.variant(name, index))
            guard let existing = try directory.status(of: candidate) else {
                firstFree = index
                break
            }
            // A retry finds its own earlier upload: same size and content, a regular file (never a link).
            if existing.isRegularFile, existing.size == size {
                let file = try directory.openRegularFile(candidate)
                defer { Glibc.close(file) }
                if try LocalFileCopy.hash(file, path: directory.path(candidate)).sha256 == sha256 {
                    return DropPath.variant(name, index)
                }
            }
        }
        guard var index = firstFree else { throw DropTransportError(code: .exists, path: DropPath.join(folder, name)) }
        let temporary = NameBytes(PublishNaming(remotePath: name).temporary)
        // Whatever has that name (a crash's leftover, or a link a client planted) is removed, never followed.
        try directory.remove(temporary)
        let output = try directory.createFile(temporary)
        defer { try? directory.remove(temporary) }
        do {
            defer { Glibc.close(output) }
            let input = Glibc.open(localPath, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw POSIXFailure(operation: "open", path: localPath, errno: errno) }
            defer { Glibc.close(input) }
            try LocalFileCopy.copy(input, path: localPath, into: output, destination: directory.path(temporary))
        }
        while index <= 999 {
            let candidate = DropPath.variant(name, index)
            do {
                try directory.rename(temporary, to: NameBytes(candidate), in: directory)
                try directory.sync()
                return candidate
            } catch let error as DropTransportError where error.code == .exists {
                index += 1
            }
        }
        throw DropTransportError(code: .exists, path: DropPath.join(folder, name))
    }

    package func remove(_ path: String) async throws {
        let (directory, name) = try split(path)
        try directory.remove(name)
        try directory.sync()
    }

    package func ensureFolder(_ folder: String) async throws {
        _ = try directory(folder, create: true)
    }

    package func close() async {}
}

/// The `limit` oldest entries (by modification time, then name) of a listing of any length, in bounded memory.
struct OldestEntries {
    let limit: Int
    private(set) var kept: [DropEntry] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func add(_ entry: DropEntry) {
        kept.append(entry)
        // Trim in bulk: sorting once per `limit` additions keeps a listing of n names at O(n log limit).
        if kept.count >= 2 * limit { trim() }
    }

    var entries: [DropEntry] {
        var copy = self
        copy.trim()
        return copy.kept
    }

    private mutating func trim() {
        kept.sort { ($0.modification, $0.name) < ($1.modification, $1.name) }
        if kept.count > limit { kept.removeLast(kept.count - limit) }
    }
}
