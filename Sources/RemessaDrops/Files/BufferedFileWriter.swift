#if canImport(Glibc)
import Glibc
#endif

/// Writes a file through a large buffer under `<path>.tmp`, then makes it durable (`fsync`) and renames it into
/// place on ``commit()``, so a reader (or a restart after a crash) never sees half of it. Dropped without a
/// commit, the temporary file is removed. The file is mode 0640 whatever the umask. `remessa check --result` and the daemon's spool files use it.
// One task at a time writes through it; the store hands it to a read closure that runs synchronously.
package final class BufferedFileWriter: @unchecked Sendable {
    package let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    package init(path: String) throws(POSIXFailure) {
        self.path = path
        self.temporaryPath = path + ".tmp"
        self.descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open", path: temporaryPath, errno: errno) }
        guard fchmod(descriptor, 0o640) == 0 else {
            close(descriptor)
            throw POSIXFailure(operation: "chmod", path: temporaryPath, errno: errno)
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    package func write(_ text: String) throws(POSIXFailure) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Lets `append` add bytes straight to the buffer (no intermediate `String` per line).
    package func write(_ append: (inout [UInt8]) -> Void) throws(POSIXFailure) {
        append(&buffer)
        if buffer.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Throws away what was written so far (a rejected file gets its error report instead).
    package func discard() throws(POSIXFailure) {
        buffer.removeAll(keepingCapacity: true)
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw POSIXFailure(operation: "truncate", path: temporaryPath, errno: errno)
        }
    }

    /// Writes what is buffered, waits until it is on disk, and renames the file into place durably (the folder
    /// is fsynced too, so after a power loss the name holds the whole file or nothing).
    package func commit() throws(POSIXFailure) {
        try flush()
        guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: temporaryPath, errno: errno) }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw POSIXFailure(operation: "rename", path: path, errno: errno)
        }
        try DirectorySync.syncFolder(of: path)
    }

    private func flush() throws(POSIXFailure) {
        var failure: POSIXFailure?
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                guard written > 0 else {
                    if errno == EINTR { continue }
                    failure = POSIXFailure(operation: "write", path: temporaryPath, errno: errno)
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }
}
