import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A `remessad` (or any program) running as a child process, its stderr collected line by line, so a test
/// can wait for a log line, kill it with any signal at that moment, and read what it printed.
public final class DaemonProcess: Sendable {
    public let child: ChildProcess
    private let lines = Mutex<[String]>([])
    private let readerDone = Mutex(false)

    /// Which of the child's streams is collected.
    public enum Collected: Sendable {
        /// stderr (a daemon's log); stdout goes to /dev/null.
        case standardError
        /// stdout (a tool's answers); stderr is the test's own, so the child's warnings show in the test output.
        case standardOutput
    }

    /// Starts `executable` and collects the lines of one of its streams.
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        collecting collected: Collected = .standardError
    ) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw SSHDSandboxError("pipe failed") }
        let devNull = open("/dev/null", O_RDWR)
        defer {
            close(devNull)
            close(pipeEnds[1])
        }
        self.child = try ChildProcess.spawn(
            executable,
            arguments,
            stdin: devNull,
            stdout: collected == .standardOutput ? pipeEnds[1] : devNull,
            stderr: collected == .standardError ? pipeEnds[1] : 2,
            environment: environment
        )
        let readEnd = pipeEnds[0]
        let thread = Thread { [self] in
            self.collect(from: readEnd)
        }
        thread.start()
    }

    private func collect(from descriptor: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 65536) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                lines.withLock { $0.append(line) }
            }
        }
        if !pending.isEmpty {
            let line = String(decoding: pending, as: UTF8.self)
            lines.withLock { $0.append(line) }
        }
        close(descriptor)
        readerDone.withLock { $0 = true }
    }

    /// Every line printed so far.
    public var output: [String] { lines.withLock { $0 } }

    /// Waits until at least `count` lines satisfy `matching`, the process ends, or `timeout` passes; returns
    /// whether the lines appeared.
    public func waitForLines(
        _ count: Int = 1,
        timeout: Duration = .seconds(60),
        matching: (String) -> Bool
    ) async -> Bool {
        var deadline = ContinuousClock.now + timeout
        var ended = false
        while ContinuousClock.now < deadline {
            if output.filter(matching).count >= count { return true }
            if readerDone.withLock({ $0 }) { return output.filter(matching).count >= count }
            // A child that has ended prints nothing more, even if another process still holds the pipe open
            // (a program spawned elsewhere in the test process that inherited it): give the reader a second.
            if !ended, child.hasEnded {
                ended = true
                deadline = min(deadline, ContinuousClock.now + .seconds(1))
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return output.filter(matching).count >= count
    }

    /// Sends `signal`, then waits for the exit and returns its status (128 + signal when killed).
    @discardableResult
    public func stop(with signal: Int32) -> Int32 {
        child.send(signal)
        return child.waitForExit()
    }

    /// Sends `signal` and waits for the exit, at most `timeout` (then SIGKILL: a daemon that hangs in its
    /// shutdown fails the test with its status, 137, instead of holding it until its time limit).
    public func stop(with signal: Int32, timeout: Duration) async -> Int32 {
        child.send(signal)
        return await waitForExit(timeout: timeout)
    }

    /// Waits for the exit (at most `timeout`, then SIGKILL) and returns its status.
    public func waitForExit(timeout: Duration = .seconds(120)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = child.exitStatusIfEnded() {
                await drain()
                return status
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return stop(with: SIGKILL)
    }

    private func drain() async {
        for _ in 0..<200 where !readerDone.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
