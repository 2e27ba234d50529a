import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The running server (the postmaster, our child) and the watchdog that stops it if this process dies first.
struct PostgresServerProcess: Sendable {
    let child: ChildProcess
    let watchdog: ChildProcess
    /// The write end of the watchdog's stdin; it closes when this process exits, however it exits.
    let watchdogPipe: Int32
}

extension PostgresSandbox {
    /// Starts the server in the foreground as a child (as `postgres`, through `env` and `setpriv`, which both
    /// `exec`: the child's pid is the postmaster's) and waits until it says it is ready and answers on its port.
    func launch() async throws {
        let log = open(self.serverLogPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard log >= 0, null >= 0 else { throw PostgresSandboxError("cannot open \(self.serverLogPath)") }
        defer {
            close(log)
            close(null)
        }
        let child = try ChildProcess.spawn(
            Self.envPath,
            self.asPostgres("postgres") + self.serverArguments(),
            stdin: null,
            stdout: log,
            stderr: log
        )
        let (watchdog, watchdogPipe) = try self.startWatchdog(for: child, null: null)
        self.state.withLock {
            $0 = PostgresServerProcess(child: child, watchdog: watchdog, watchdogPipe: watchdogPipe)
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = child.exitStatusIfEnded() {
                throw PostgresSandboxError("postgres exited (\(status)) at start: \(self.logTail())")
            }
            if self.saysReady(), self.answers() {
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw PostgresSandboxError(
            "postgres did not accept connections on port \(self.port) in 30 s: \(self.logTail())"
        )
    }

    /// Whether the server is running.
    public var isRunning: Bool {
        self.state.withLock { state in
            guard let server = state else { return false }
            if server.child.exitStatusIfEnded() != nil {
                state = nil
                return false
            }
            return true
        }
    }

    /// The postmaster's pid and its descendants' (backends, checkpointer, WAL writer, …); empty once stopped.
    public func serverProcessIDs() -> [Int32] {
        guard let root = self.state.withLock({ $0?.child.pid }) else { return [] }
        return Self.processTree(root)
    }

    /// Fast shutdown (SIGINT: sessions end, the cluster is checkpointed), waiting up to 30 s; then SIGKILL to
    /// whatever is left. The watchdog goes first, so it can never signal a pid reused after the server is reaped.
    func terminate() async {
        let server = self.state.withLock { state -> PostgresServerProcess? in
            defer { state = nil }
            return state
        }
        guard let server else { return }
        server.watchdog.send(SIGKILL)
        _ = server.watchdog.waitForExit()
        close(server.watchdogPipe)
        server.child.send(SIGINT)
        let deadline = ContinuousClock.now + .seconds(30)
        while server.child.exitStatusIfEnded() == nil {
            if ContinuousClock.now >= deadline {
                for pid in Self.processTree(server.child.pid) {
                    kill(pid, SIGKILL)
                }
                _ = server.child.waitForExit()
                return
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Whether the log says the server accepts connections (its own line, not another server's on the port).
    private func saysReady() -> Bool {
        let log = (try? String(contentsOfFile: self.serverLogPath, encoding: .utf8)) ?? ""
        return log.contains("database system is ready to accept connections")
    }

    /// Whether `pg_isready` finds the server accepting connections on 127.0.0.1.
    private func answers() -> Bool {
        (try? SystemCommand.run(
            "\(Self.binaries)/pg_isready",
            ["-q", "-h", self.host, "-p", String(self.port), "-t", "2"]
        )) != nil
    }

    /// Waits for EOF on stdin, then asks the postmaster ($1) for a fast shutdown, kills what is left after 10 s,
    /// and removes the state directory ($2) if one is given.
    private static let watchdogScript = #"""
        read _
        kill -INT "$1" 2>/dev/null
        i=0
        while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        pkill -KILL -P "$1" 2>/dev/null
        kill -KILL "$1" 2>/dev/null
        [ -n "$2" ] && rm -rf "$2"
        exit 0
        """#

    /// A shell that waits for EOF on a pipe only this process holds: a test run that crashes or is killed leaves
    /// no server behind.
    private func startWatchdog(for child: ChildProcess, null: Int32) throws -> (ChildProcess, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw PostgresSandboxError("pipe() failed") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        let removal = self.configuration.keepsState ? "" : self.stateDirectory
        do {
            let watchdog = try ChildProcess.spawn(
                "/bin/sh",
                ["-c", Self.watchdogScript, "postgres-sandbox-watchdog", String(child.pid), removal],
                stdin: fds[0],
                stdout: null,
                stderr: null
            )
            return (watchdog, fds[1])
        } catch {
            close(fds[1])
            child.send(SIGKILL)
            _ = child.waitForExit()
            throw error
        }
    }

    /// `root` and all its descendants, read from /proc.
    static func processTree(_ root: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "pid (comm) state ppid …": comm may contain spaces, so parse after the last ")".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) {
                children[parent, default: []].append(pid)
            }
        }
        var result: [Int32] = []
        var pending = [root]
        while let pid = pending.popLast() {
            result.append(pid)
            pending += children[pid] ?? []
        }
        return result
    }
}
