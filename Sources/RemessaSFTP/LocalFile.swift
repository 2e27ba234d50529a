import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file descriptor with `errno`-checked reads and writes.
final class LocalFile {
    let path: String
    private let fd: Int32
    private(set) var byteCount: UInt64 = 0

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit {
        close(self.fd)
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws(SFTPError) -> LocalFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .localFile("open", path: path, errno: errno) }
        return LocalFile(path: path, fd: fd)
    }

    /// Creates a new file that must not exist yet.
    static func create(_ path: String, permissions: mode_t = 0o644) throws(SFTPError) -> LocalFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw .localFile("create", path: path, errno: errno) }
        return LocalFile(path: path, fd: fd)
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SFTPError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = posixWrite(self.fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .localFile("write", path: self.path, errno: errno)
            }
            offset += written
        }
        self.byteCount += UInt64(bytes.count)
    }

    /// Fills `buffer` as far as the file allows; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SFTPError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let count = posixRead(self.fd, base + filled, buffer.count - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .localFile("read", path: self.path, errno: errno)
            }
            if count == 0 { break }
            filled += count
        }
        self.byteCount += UInt64(filled)
        return filled
    }

    /// The file's size now.
    func size() throws(SFTPError) -> UInt64 {
        var info = stat()
        guard fstat(self.fd, &info) == 0 else { throw .localFile("stat", path: self.path, errno: errno) }
        return UInt64(info.st_size)
    }
}

// @unchecked because a file is used by one helper thread at a time during a transfer, then by the session
// thread only after the helper was joined.
extension LocalFile: @unchecked Sendable {}

/// `write(2)`, named apart from ``LocalFile/write(_:)``.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// `read(2)`, named apart from ``LocalFile/read(into:)``.
private func posixRead(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, bytes, count)
}
