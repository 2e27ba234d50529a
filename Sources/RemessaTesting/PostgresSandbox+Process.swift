import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The running server (the postmaster, our child), and the watchdog that stops it and removes the state directory
/// if this process dies first. The watchdog starts before `initdb`, so even a cluster being made is cleaned up.
struct PostgresProcesses: Sendable {
    var server: ChildProcess?
    var watchdog: ChildProcess?
    /// The write end of the watchdog's stdin: each child's start and end go there; it closes when this process exits,
    /// however it exits.
    var watchdogPipe: Int32 = -1
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
        self.processes.withLock { $0.server = child }
        self.tellWatchdog(child)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = child.exitStatusIfEnded() {
                self.processes.withLock { $0.server = nil }
                self.tellWatchdog(child, ended: true)
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

    /// Runs the PostgreSQL program `name` (`initdb`) as `postgres` to its end, its output in `<name>.log`; the
    /// watchdog knows its pid meanwhile.
    func runAsPostgres(_ name: String, _ arguments: [String]) async throws {
        let logPath = "\(self.stateDirectory)/\(name).log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            if log >= 0 { close(log) }
            if null >= 0 { close(null) }
        }
        guard log >= 0, null >= 0 else { throw PostgresSandboxError("cannot open \(logPath)") }
        let child = try ChildProcess.spawn(
            Self.envPath,
            self.asPostgres(name) + arguments,
            stdin: null,
            stdout: log,
            stderr: log
        )
        self.tellWatchdog(child)
        var status = child.exitStatusIfEnded()
        while status == nil {
            try? await Task.sleep(for: .milliseconds(20))
            status = child.exitStatusIfEnded()
        }
        self.tellWatchdog(child, ended: true)
        guard status == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw PostgresSandboxError(
                "\(name) failed (\(status ?? -1)): \(output.split(separator: "\n").suffix(5).joined(separator: " | "))"
            )
        }
    }

    /// Tells the watchdog that `child` started (or, with `ended`, that it ended and was reaped): a line on its
    /// stdin.
    private func tellWatchdog(_ child: ChildProcess, ended: Bool = false) {
        let pipe = self.processes.withLock { $0.watchdogPipe }
        let line = Array("\(ended ? "end" : "start") \(child.pid)\n".utf8)
        _ = line.withUnsafeBytes { write(pipe, $0.baseAddress, $0.count) }
    }

    /// Whether the server is running.
    public var isRunning: Bool {
        self.processes.withLock { processes in
            guard let server = processes.server else { return false }
            if server.exitStatusIfEnded() != nil {
                processes.server = nil
                return false
            }
            return true
        }
    }

    /// The postmaster's pid and its descendants' (backends, checkpointer, WAL writer, …); empty once stopped.
    public func serverProcessIDs() -> [Int32] {
        guard let root = self.processes.withLock({ $0.server?.pid }) else { return [] }
        return ProcessTree.pids(under: root)
    }

    /// Fast shutdown (SIGINT: sessions end, the cluster is checkpointed), waiting up to 30 s; then SIGKILL to
    /// whatever is left. The watchdog goes first, so it can never signal a pid reused after the server is reaped.
    func terminate() async {
        let processes = self.processes.withLock { processes -> PostgresProcesses in
            defer { processes = PostgresProcesses() }
            return processes
        }
        if let watchdog = processes.watchdog {
            watchdog.send(SIGKILL)
            _ = watchdog.waitForExit()
        }
        if processes.watchdogPipe >= 0 {
            close(processes.watchdogPipe)
        }
        guard let server = processes.server else { return }
        server.send(SIGINT)
        let deadline = ContinuousClock.now + .seconds(30)
        while server.exitStatusIfEnded() == nil {
            if ContinuousClock.now >= deadline {
                for pid in ProcessTree.pids(under: server.pid) {
                    kill(pid, SIGKILL)
                }
                _ = server.waitForExit()
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

    /// Reads `start PID` and `end PID` lines from stdin (initdb, then the server) until EOF, then asks each
    /// process still running to stop (SIGINT: a fast shutdown for the postmaster, a clean-up for initdb), kills
    /// what is left after 10 s, and removes the state directory ($1) if one is given.
    private static let watchdogScript = #"""
        pids=
        while read -r verb pid; do
            case $verb in
            start) pids="$pids $pid" ;;
            end) pids=$(echo " $pids " | sed "s/ $pid / /") ;;
            esac
        done
        alive() { for pid in $pids; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
        for pid in $pids; do kill -INT "$pid" 2>/dev/null; done
        i=0
        while [ "$i" -lt 100 ] && alive; do sleep 0.1; i=$((i + 1)); done
        for pid in $pids; do
            pkill -KILL -P "$pid" 2>/dev/null
            kill -KILL "$pid" 2>/dev/null
        done
        [ -n "$1" ] && rm -rf "$1"
        exit 0
        """#

    /// Starts the watchdog: a shell that waits for EOF on a pipe only this process holds, so a test run that
    /// crashes or is killed leaves no server and no directory behind.
    func startWatchdog() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw PostgresSandboxError("pipe() failed") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer {
            close(fds[0])
            if null >= 0 { close(null) }
        }
        let removal = self.configuration.keepsState ? "" : self.stateDirectory
        do {
            guard null >= 0 else { throw PostgresSandboxError("cannot open /dev/null") }
            let watchdog = try ChildProcess.spawn(
                "/bin/sh",
                ["-c", Self.watchdogScript, "postgres-sandbox-watchdog", removal],
                stdin: fds[0],
                stdout: null,
                stderr: null
            )
            self.processes.withLock {
                $0.watchdog = watchdog
                $0.watchdogPipe = fds[1]
            }
        } catch {
            close(fds[1])
            throw error
        }
    }
}
