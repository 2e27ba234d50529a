import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, reaped with `waitpid`.
///
/// Foundation's `Process` is not used: with a long-running child (sshd) alive, its reaping of later short-lived
/// children proved unreliable, and it lets children inherit descriptors. Children here get only stdin, stdout and
/// stderr; every other descriptor is closed in the child.
public struct ChildProcess: Sendable {
    public let pid: pid_t

    /// Starts `executable` with `arguments`; its stdin, stdout and stderr are the given descriptors. The child
    /// inherits this process's environment, with `environment` added on top.
    public static func spawn(
        _ executable: String,
        _ arguments: [String],
        stdin: Int32,
        stdout: Int32,
        stderr: Int32,
        environment: [String: String] = [:]
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        _ = Self.closeFrom?(&actions, 3)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { _, new in new }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else {
            throw SSHDSandboxError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not expose.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = {
        let name = "posix_spawn_file_actions_addclosefrom_np"
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// The exit status if the child has ended (reaping it), `nil` while it runs.
    public func exitStatusIfEnded() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(self.pid, &status, WNOHANG)
        if result == self.pid {
            return Self.decode(status)
        }
        // ECHILD: already reaped.
        return result < 0 && errno == ECHILD ? -1 : nil
    }

    /// Whether the child has ended (a zombie not reaped yet, or reaped), without reaping it.
    public var hasEnded: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(self.pid)/stat", encoding: .utf8) else { return true }
        // The state follows the command name in parentheses: `pid (name) S …`.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[close...].dropFirst(2).first
        return state == "Z" || state == "X"
    }

    /// Waits for the child to end and returns its exit status (or 128 + signal).
    public func waitForExit() -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(self.pid, &status, 0)
            if result == self.pid {
                return Self.decode(status)
            }
            if result < 0 && errno != EINTR {
                return -1
            }
        }
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        kill(self.pid, signal)
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
