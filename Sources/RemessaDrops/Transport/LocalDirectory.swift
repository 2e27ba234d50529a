import CLinux
import RemessaCore

#if canImport(Glibc)
import Glibc
#endif

/// One folder of a local drop, opened without following links: every operation names an entry relative to this
/// descriptor and never follows a link, so nothing a client plants (a symlink where Remessa will create a file,
/// a folder swapped for a link) can send a read or a write elsewhere (contract section 14).
///
/// The descriptor is closed when the value goes away.
final class LocalDirectory {
    let descriptor: Int32
    /// The folder relative to the drop's root, for errors.
    let folder: String

    private init(descriptor: Int32, folder: String) {
        self.descriptor = descriptor
        self.folder = folder
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Opens `folder` (one or more components) under `root`. The root is the operator's and may be reached
    /// through links; inside it no component may be one. `create` makes missing components.
    static func open(root: String, folder: String, create: Bool = false) throws -> LocalDirectory {
        var current = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else {
            if errno == ENOENT { throw DropTransportError(code: .notFound, path: folder) }
            throw POSIXFailure(operation: "open", path: root, errno: errno)
        }
        for component in folder.split(separator: "/") where component != "." {
            let name = String(component)
            if create, mkdirat(current, name, 0o750) != 0, errno != EEXIST {
                let code = errno
                Glibc.close(current)
                throw POSIXFailure(operation: "mkdir", path: folder, errno: code)
            }
            let next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            Glibc.close(current)
            guard next >= 0 else {
                switch code {
                case ENOENT: throw DropTransportError(code: .notFound, path: folder)
                case ELOOP, ENOTDIR: throw DropTransportError(code: .unsafeFolder, path: folder)
                default: throw POSIXFailure(operation: "open", path: folder, errno: code)
                }
            }
            current = next
        }
        return LocalDirectory(descriptor: current, folder: folder)
    }

    /// What `name` is, without following a link; `nil` when nothing has that name.
    func status(of name: NameBytes) throws -> remessa_file_status? {
        var info = remessa_file_status()
        let result = name.withCString { remessa_status_at(descriptor, $0, &info) }
        guard result == 0 else {
            if errno == ENOENT { return nil }
            throw POSIXFailure(operation: "stat", path: path(name), errno: errno)
        }
        return info
    }

    /// Every entry but `.` and `..`, with its status; an entry removed while listed is left out.
    func entries(_ body: (NameBytes, remessa_file_status) throws -> Void) throws {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { Glibc.close(copy) }
            throw POSIXFailure(operation: "opendir", path: folder, errno: code)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw POSIXFailure(operation: "readdir", path: folder, errno: errno) }
                return
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                NameBytes(raw.prefix { $0 != 0 })
            }
            if name.bytes == [0x2E] || name.bytes == [0x2E, 0x2E] { continue }
            guard let info = try status(of: name) else { continue }
            try body(name, info)
        }
    }

    /// Opens `name` for reading: only a regular file, never through a link, and never waiting on a FIFO.
    func openRegularFile(_ name: NameBytes) throws -> Int32 {
        let file = name.withCString {
            openat(descriptor, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        }
        guard file >= 0 else {
            switch errno {
            case ENOENT: throw DropTransportError(code: .notFound, path: path(name))
            case ELOOP: throw DropTransportError(code: .notARegularFile(.symbolicLink), path: path(name))
            case ENXIO: throw DropTransportError(code: .notARegularFile(.socket), path: path(name))
            default: throw POSIXFailure(operation: "open", path: path(name), errno: errno)
            }
        }
        var info = remessa_file_status()
        guard remessa_status_of(file, &info) == 0 else {
            let code = errno
            Glibc.close(file)
            throw POSIXFailure(operation: "stat", path: path(name), errno: code)
        }
        guard info.isRegularFile else {
            Glibc.close(file)
            throw DropTransportError(code: .notARegularFile(DropEntry.Kind(mode: info.mode)), path: path(name))
        }
        // Regular files never block; clear O_NONBLOCK so reads behave as usual.
        _ = fcntl(file, F_SETFL, fcntl(file, F_GETFL) & ~O_NONBLOCK)
        return file
    }

    /// Creates `name` for writing, mode 0640 whatever the umask; fails if anything has that name.
    func createFile(_ name: NameBytes) throws -> Int32 {
        let file = name.withCString {
            openat(descriptor, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o640)
        }
        guard file >= 0 else { throw POSIXFailure(operation: "create", path: path(name), errno: errno) }
        guard fchmod(file, 0o640) == 0 else {
            let code = errno
            Glibc.close(file)
            throw POSIXFailure(operation: "chmod", path: path(name), errno: code)
        }
        return file
    }

    /// Removes `name` (a link itself, never its target); nothing there is fine.
    func remove(_ name: NameBytes) throws {
        let result = name.withCString { unlinkat(descriptor, $0, 0) }
        guard result == 0 || errno == ENOENT else {
            throw POSIXFailure(operation: "unlink", path: path(name), errno: errno)
        }
    }

    /// Makes the folder's entries durable (after a rename or a new file).
    func sync() throws {
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: folder, errno: errno) }
    }

    /// Renames `name` to `target` in `destination` without replacing anything there, whoever owns the file:
    /// `renameat2(RENAME_NOREPLACE)`. Where the file system cannot refuse a replacement, a hard link and an
    /// unlink (which `fs.protected_hardlinks` refuses for another user's file), and last a check followed by a
    /// plain rename.
    func rename(_ name: NameBytes, to target: NameBytes, in destination: LocalDirectory) throws {
        let renamed = name.withCString { from in
            target.withCString { to in remessa_rename_noreplace(descriptor, from, destination.descriptor, to) }
        }
        if renamed == 0 { return }
        let code = errno
        guard code == EINVAL || code == ENOSYS else { throw renameFailure(code, name, target, destination) }
        let linked = name.withCString { from in
            target.withCString { to in linkat(descriptor, from, destination.descriptor, to, 0) }
        }
        if linked == 0 {
            try remove(name)
            return
        }
        let linkCode = errno
        guard linkCode == EPERM || linkCode == EXDEV else { throw renameFailure(linkCode, name, target, destination) }
        guard try destination.status(of: target) == nil else {
            throw DropTransportError(code: .exists, path: destination.path(target))
        }
        let moved = name.withCString { from in
            target.withCString { to in renameat(descriptor, from, destination.descriptor, to) }
        }
        guard moved == 0 else { throw renameFailure(errno, name, target, destination) }
    }

    private func renameFailure(
        _ code: Int32,
        _ name: NameBytes,
        _ target: NameBytes,
        _ destination: LocalDirectory
    ) -> any Error {
        switch code {
        case EEXIST, ENOTEMPTY: DropTransportError(code: .exists, path: destination.path(target))
        case ENOENT: DropTransportError(code: .notFound, path: path(name))
        default: POSIXFailure(operation: "rename", path: destination.path(target), errno: code)
        }
    }

    /// `folder/name`, readable, for errors.
    func path(_ name: NameBytes) -> String {
        DropPath.join(folder, name.readable)
    }
}

/// A name as bytes, which is how the kernel knows it: a name that is not UTF-8 is still opened and renamed.
struct NameBytes: Hashable {
    var bytes: [UInt8]

    init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    init(_ name: String) {
        self.bytes = Array(name.utf8)
    }

    /// The name as Remessa shows it (Windows-1252 when not UTF-8).
    var readable: String { DropFileName.readable(bytes).name }

    func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        var terminated = bytes.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return try body(terminated)
    }
}

extension remessa_file_status {
    var isRegularFile: Bool { mode & UInt32(REMESSA_TYPE_MASK) == UInt32(REMESSA_TYPE_REGULAR) }
}

extension DropEntry.Kind {
    init(mode: UInt32) {
        switch mode & UInt32(REMESSA_TYPE_MASK) {
        case UInt32(REMESSA_TYPE_REGULAR): self = .regular
        case UInt32(REMESSA_TYPE_LINK): self = .symbolicLink
        case UInt32(REMESSA_TYPE_FIFO): self = .fifo
        case UInt32(REMESSA_TYPE_SOCKET): self = .socket
        case UInt32(REMESSA_TYPE_DIRECTORY): self = .directory
        default: self = .device
        }
    }
}
