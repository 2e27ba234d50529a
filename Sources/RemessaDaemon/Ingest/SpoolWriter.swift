#if canImport(Glibc)
import Glibc
#endif

/// Writes a spool file through a large buffer and makes it durable with `fsync` before it counts as written.
// One task at a time writes through it; the store hands it to a read closure that runs synchronously.
final class SpoolWriter: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    init(path: String) throws {
        self.path = path
        self.descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: path, errno: errno) }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit {
        Glibc.close(descriptor)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold {
            try flush()
        }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                guard written > 0 else {
                    if errno == EINTR { continue }
                    throw POSIXFailure(operation: "write", path: path, errno: errno)
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and waits until it is on disk.
    func finish() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: path, errno: errno) }
    }
}
