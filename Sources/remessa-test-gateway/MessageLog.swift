import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The `--log-file`: one line `<id> <status>` per message received, appended, so a test can count what was sent
/// more than once, across restarts of the gateway too.
///
/// Lines are buffered; ``run()`` writes them at least every 100 ms, and ``flush()`` at exit.
final class MessageLog: Sendable {
    private let descriptor: Int32
    private let buffer = Mutex<[UInt8]>([])
    /// Past this many buffered bytes a request writes them itself rather than wait for the timer.
    private static let inlineFlushBytes = 1 << 20

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GatewayError("cannot open the log file \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Appends one line per id, each with the HTTP status it was answered.
    func append(_ ids: [String], status: Int) {
        var lines: [UInt8] = []
        let suffix = Array(" \(status)\n".utf8)
        for id in ids {
            lines.append(contentsOf: id.utf8)
            lines.append(contentsOf: suffix)
        }
        buffer.withLock { buffer in
            buffer.append(contentsOf: lines)
            if buffer.count >= Self.inlineFlushBytes {
                write(&buffer)
            }
        }
    }

    /// Writes what is buffered.
    func flush() {
        buffer.withLock { write(&$0) }
    }

    /// Flushes every 50 ms until cancelled, then once more.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            flush()
        }
        flush()
    }

    private func write(_ bytes: inout [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
