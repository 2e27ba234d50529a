import Foundation
import Glibc
import RemessaTesting
import Synchronization

/// A log line of a node as the bench received it: when (on the bench's monotonic clock) and what.
struct StampedLine: Sendable {
    var at: ContinuousClock.Instant
    var text: String
}

/// One `remessad --node NAME --listen 127.0.0.1:PORT` child process: its stderr read line by line by a thread of
/// its own, each line stamped on arrival (the daemon's own timestamps have whole seconds only) and appended to
/// `<root>/<name>.log`, across restarts.
final class Node: Sendable {
    let name: String
    let port: Int
    let child: ChildProcess
    let started = ContinuousClock.now
    private let lines = Mutex<[StampedLine]>([])
    private let readerDone = Mutex(false)

    /// Starts `remessad` on `configuration`; `origin` is the instant log stamps in the file count from.
    init(
        remessad: String,
        configuration: String,
        name: String,
        port: Int,
        logPath: String,
        origin: ContinuousClock.Instant
    ) throws {
        self.name = name
        self.port = port
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw BenchError("pipe() failed") }
        let null = open("/dev/null", O_RDWR)
        defer {
            close(null)
            close(ends[1])
        }
        child = try ChildProcess.spawn(
            remessad,
            [
                "--config", configuration, "--node", name, "--listen", "127.0.0.1:\(port)", "--log-level", "info",
            ],
            stdin: null,
            stdout: null,
            stderr: ends[1]
        )
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let readEnd = ends[0]
        let pid = child.pid
        Self.write(log, String(format: "%9.3f ---- bench: started %@ (pid %d)\n", origin.seconds(to: .now), name, pid))
        Thread { [self] in self.collect(from: readEnd, log: log, origin: origin) }.start()
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        guard descriptor >= 0 else { return }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    private func collect(from descriptor: Int32, log: Int32, origin: ContinuousClock.Instant) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 65536) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let now = ContinuousClock.now
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 10) {
                let text = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                lines.withLock { $0.append(StampedLine(at: now, text: text)) }
                Self.write(log, String(format: "%9.3f ", origin.seconds(to: now)) + text + "\n")
            }
        }
        close(descriptor)
        if log >= 0 { close(log) }
        readerDone.withLock { $0 = true }
    }

    /// Every line so far.
    var output: [StampedLine] { lines.withLock { $0 } }

    /// The first line after `instant` that `matching` accepts.
    func firstLine(after instant: ContinuousClock.Instant, _ matching: (String) -> Bool) -> StampedLine? {
        lines.withLock { lines in lines.first { $0.at > instant && matching($0.text) } }
    }

    var isRunning: Bool { !child.hasEnded }

    /// Waits (polling) until a line `matching` is logged, at most `timeout` seconds; answers it.
    func waitForLine(timeout: Double, _ matching: (String) -> Bool) -> StampedLine? {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let line = firstLine(after: started - .seconds(1), matching) { return line }
            if child.hasEnded, readerDone.withLock({ $0 }) { break }
            usleep(20_000)
        }
        return firstLine(after: started - .seconds(1), matching)
    }

    /// `kill -9`; answers the instant the signal was sent. The process is reaped before this returns.
    func killNow() -> ContinuousClock.Instant {
        let at = ContinuousClock.now
        child.send(SIGKILL)
        _ = child.waitForExit()
        return at
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; answers the exit status.
    @discardableResult
    func stop(grace: Double = 60) -> Int32 {
        if let status = child.exitStatusIfEnded() { return status }
        child.send(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(grace)
        while ContinuousClock.now < deadline {
            if let status = child.exitStatusIfEnded() { return status }
            usleep(20_000)
        }
        child.send(SIGKILL)
        return child.waitForExit()
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant to `later` (negative when `later` is earlier).
    func seconds(to later: ContinuousClock.Instant) -> Double {
        let (whole, fraction) = duration(to: later).components
        return Double(whole) + Double(fraction) / 1e18
    }
}

/// A bench step that could not be carried out.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
