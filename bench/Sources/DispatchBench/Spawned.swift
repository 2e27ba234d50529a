import BenchSupport
import Foundation
import Glibc

/// A child process running in the background, its standard output and error appended to a log file.
final class Spawned {
    let pid: pid_t
    let logPath: String
    let started = ContinuousClock.now
    private(set) var exitStatus: Int32?
    private(set) var seconds: Double?
    /// User + system CPU seconds the process used, once it exited.
    private(set) var cpuSeconds: Double?

    /// Starts `arguments` (the first one is an absolute path or looked up in `$PATH`).
    init(_ arguments: [String], logPath: String) throws {
        self.logPath = logPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw BenchFailure("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
    }

    /// The log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The last `count` lines of the log, for error messages.
    func tail(_ count: Int = 20) -> String {
        log.split(separator: "\n").suffix(count).joined(separator: "\n")
    }

    /// Waits for the process to exit, at most `timeout` seconds; answers its exit status, or `nil` if it is
    /// still running.
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            var status: Int32 = 0
            var usage = rusage()
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid {
                cpuSeconds =
                    Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                    + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
                let elapsed = started.duration(to: .now).components
                seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                // Exited: its code; killed by a signal: 128 + the signal, as shells say it.
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
            if waited < 0 && errno != EINTR {
                exitStatus = -1
                return exitStatus
            }
            if ContinuousClock.now >= deadline { return nil }
            usleep(10_000)
        }
    }

    /// Sends SIGTERM and waits up to `grace` seconds; then SIGKILL.
    @discardableResult
    func terminate(grace: Double = 20) -> Int32 {
        if let exitStatus { return exitStatus }
        kill(pid, SIGTERM)
        if let status = wait(timeout: grace) { return status }
        kill(pid, SIGKILL)
        return wait(timeout: 5) ?? -1
    }

    /// Waits until the log holds a line starting with `prefix` and answers the rest of that line.
    func awaitLine(prefix: String, timeout: Double) throws -> String {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            if let status = wait(timeout: 0) {
                throw BenchFailure("\(logPath): exited with \(status) before printing \(prefix):\n\(tail())")
            }
            usleep(20_000)
        }
        throw BenchFailure("\(logPath): no line starting with \(prefix) within \(Int(timeout)) s:\n\(tail())")
    }
}
