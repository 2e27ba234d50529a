import Glibc
import RemessaSFTP

/// A local file read in large chunks with `read(2)`, for streaming it through the validator (`remessa check`,
/// `remessa optout import`, the daemon's ingestion).
package struct FileInput: ~Copyable {
    package let path: String
    /// Size at open time, for progress; the file may still grow.
    package let size: Int
    private let descriptor: Int32

    package struct OpenError: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "cannot read \(path): \(reason)" }
    }

    package init(path: String) throws(OpenError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OpenError(path: path, reason: ErrnoError(number: errno).text) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw OpenError(path: path, reason: ErrnoError(number: errno).text)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw OpenError(path: path, reason: "not a regular file")
        }
        self.descriptor = descriptor
        self.size = Int(info.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// Calls `body` with each chunk until the end of the file.
    package func forEachChunk(
        size chunkSize: Int = 1 << 20,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw OpenError(path: path, reason: ErrnoError(number: errno).text)
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
