import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Streaming local copies and hashes, a megabyte at a time, fsynced where durability matters.
enum LocalFileCopy {
    static let chunkSize = 1 << 20

    /// Copies the open file `input` to `destination` (a spool file: created or truncated, mode 0640), fsyncs it,
    /// and returns its size and SHA-256.
    static func copy(_ input: Int32, path: String, to destination: String) throws -> (size: Int64, sha256: String) {
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard output >= 0 else { throw POSIXFailure(operation: "open", path: destination, errno: errno) }
        defer { Glibc.close(output) }
        return try copy(input, path: path, into: output, destination: destination)
    }

    /// Copies the open file `input` into the open file `output` and fsyncs it; returns the size and SHA-256.
    @discardableResult
    static func copy(
        _ input: Int32,
        path: String,
        into output: Int32,
        destination: String
    ) throws -> (size: Int64, sha256: String) {
        let result = try stream(input, path: path) { chunk in
            guard let base = chunk.baseAddress else { return }
            var offset = 0
            while offset < chunk.count {
                let written = write(output, base + offset, chunk.count - offset)
                guard written > 0 else {
                    if errno == EINTR { continue }
                    throw POSIXFailure(operation: "write", path: destination, errno: errno)
                }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw POSIXFailure(operation: "fsync", path: destination, errno: errno) }
        return result
    }

    /// Size and SHA-256 of a local file Remessa wrote itself.
    static func hash(_ path: String) throws -> (size: Int64, sha256: String) {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw POSIXFailure(operation: "open", path: path, errno: errno) }
        defer { Glibc.close(input) }
        return try stream(input, path: path) { _ in }
    }

    /// Size and SHA-256 of an open file, from where it stands.
    static func hash(_ input: Int32, path: String) throws -> (size: Int64, sha256: String) {
        try stream(input, path: path) { _ in }
    }

    private static func stream(
        _ descriptor: Int32,
        path: String,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> (size: Int64, sha256: String) {
        var hasher = SHA256()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bufferPointer: chunk)
            try body(chunk)
            size += Int64(count)
        }
        return (size, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Renames `temporary` over `path` (a local spool file, which Remessa alone writes; the daemon makes it
    /// durable with its folder before recording the download).
    static func replace(_ path: String, with temporary: String) throws {
        guard Glibc.rename(temporary, path) == 0 else {
            throw POSIXFailure(operation: "rename", path: path, errno: errno)
        }
    }
}
