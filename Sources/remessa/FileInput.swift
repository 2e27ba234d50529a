import Glibc

/// A local file read in large chunks with `read(2)`, for streaming it through the validator.
struct FileInput: ~Copyable {
    let path: String
    /// Size at open time, for progress; the file may still grow.
    let size: Int
    private let descriptor: Int32

    struct OpenError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot read \(path): \(reason)" }
    }

    init(path: String) throws(OpenError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw OpenError(path: path, reason: String(cString: strerror(errno)))
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
    func forEachChunk(
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
                throw OpenError(path: path, reason: String(cString: strerror(errno)))
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}

/// A file written through a large buffer, created under a temporary name and renamed into place when
/// committed, so a reader never sees half a result file.
final class BufferedFileWriter {
    private let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20

    init(path: String) throws(FileInput.OpenError) {
        self.path = path
        self.temporaryPath = path + ".tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileInput.OpenError(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Throws away what was written so far (a rejected file gets its error report instead).
    func discard() throws {
        buffer.removeAll(keepingCapacity: true)
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw FileInput.OpenError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Flushes, closes and renames the file into place.
    func commit() throws {
        try flush()
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw FileInput.OpenError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileInput.OpenError(path: path, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
