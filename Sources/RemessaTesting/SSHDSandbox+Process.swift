import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The running sshd child, and the watchdog that kills it if this process dies without stopping it.
struct ServerProcess: Sendable {
    let child: ChildProcess
    let watchdog: ChildProcess
    /// The write end of the watchdog's stdin; it closes when this process exits, however it exits.
    let watchdogPipe: Int32
}

extension SSHDSandbox {
    /// Starts sshd in the foreground (`-D -e`) as a child and waits until it says it listens and the port sends
    /// an `SSH-2.0-` banner. The log line matters: when another sandbox took the port meanwhile, the banner is
    /// the other sshd's, and this one exits with "Address already in use".
    func launch() async throws {
        let listeningBefore = self.listeningLineCount()
        let log = open(self.serverLogPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard log >= 0, null >= 0 else { throw SSHDSandboxError("cannot open \(self.serverLogPath)") }
        defer {
            close(log)
            close(null)
        }
        let child = try ChildProcess.spawn(
            Self.sshdPath,
            ["-D", "-e", "-f", self.configPath],
            stdin: null,
            stdout: log,
            stderr: log
        )
        let (watchdog, watchdogPipe) = try self.startWatchdog(for: child, null: null)
        self.state.withLock { $0 = ServerProcess(child: child, watchdog: watchdog, watchdogPipe: watchdogPipe) }

        // sshd re-executes itself for each connection, which a loaded 2-core machine (crash tests ingesting a
        // million rows beside) can slow to seconds: wait long enough not to fail a test on it.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = child.exitStatusIfEnded() {
                await self.terminate()
                throw SSHDSandboxError("sshd exited (\(status)) at start: \(self.serverLogTail())")
            }
            if self.listeningLineCount() > listeningBefore, BannerProbe.hasBanner(port: self.port) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        await self.terminate()
        throw SSHDSandboxError("sshd did not answer on port \(self.port) within 30 s: \(self.serverLogTail())")
    }

    /// Kills sshd and every session process with SIGKILL, as a crash or `kill -9` would; ``restart()`` brings it
    /// back on the same port with the same keys.
    public func kill() {
        for pid in self.serverProcessIDs() {
            Glibc.kill(pid, SIGKILL)
        }
    }

    /// Freezes sshd and every session process (SIGSTOP): the server hangs without closing connections, like a
    /// dead host. ``resume()`` thaws it.
    public func pause() {
        for pid in self.serverProcessIDs() {
            Glibc.kill(pid, SIGSTOP)
        }
    }

    /// Thaws what ``pause()`` froze.
    public func resume() {
        for pid in self.serverProcessIDs() {
            Glibc.kill(pid, SIGCONT)
        }
    }

    /// Kills sshd and its sessions if running, then starts it again (same port, keys and users).
    public func restart() async throws {
        await self.terminate()
        try await self.launch()
    }

    /// Whether sshd is running.
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

    /// Kills everything and reaps the child.
    func terminate() async {
        let server = self.state.withLock { state -> ServerProcess? in
            defer { state = nil }
            return state
        }
        guard let server else { return }
        // The watchdog goes first: once sshd is reaped its pid may be reused, and the watchdog must not kill that.
        server.watchdog.send(SIGKILL)
        _ = server.watchdog.waitForExit()
        close(server.watchdogPipe)
        for pid in self.serverProcessIDs(root: server.child.pid) {
            Glibc.kill(pid, SIGCONT)
            Glibc.kill(pid, SIGKILL)
        }
        while server.child.exitStatusIfEnded() == nil {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for EOF on stdin, then kills sshd ($1) and all its descendants, even stopped ones, and removes the
    /// state directory ($2) if one is given.
    private static let watchdogScript = #"""
        tree() { echo "$1"; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$c"; done; }
        read _
        pids=$(tree "$1")
        kill -CONT $pids 2>/dev/null
        kill -KILL $pids 2>/dev/null
        [ -n "$2" ] && rm -rf "$2"
        exit 0
        """#

    /// A shell that waits for EOF on a pipe only this process holds, then kills sshd (and removes the state
    /// directory if the configuration says so): a test run that crashes or is killed leaves no sshd behind.
    private func startWatchdog(for child: ChildProcess, null: Int32) throws -> (ChildProcess, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SSHDSandboxError("pipe() failed") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        let removal = self.configuration.removesStateOnStop ? self.stateDirectory : ""
        do {
            let watchdog = try ChildProcess.spawn(
                "/bin/sh",
                [
                    "-c", Self.watchdogScript,
                    "sftp-sandbox-watchdog", String(child.pid), removal,
                ],
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

    /// sshd's pid and the pids of all its descendants (session and privilege-separated processes).
    func serverProcessIDs(root: Int32? = nil) -> [Int32] {
        guard let root = root ?? self.state.withLock({ $0?.child.pid }) else { return [] }
        return ProcessTree.pids(under: root)
    }

    /// How many times sshd logged "Server listening on".
    func listeningLineCount() -> Int {
        let log = (try? String(contentsOfFile: self.serverLogPath, encoding: .utf8)) ?? ""
        return log.components(separatedBy: "Server listening on").count - 1
    }

    func serverLogTail() -> String {
        let text = (try? String(contentsOfFile: self.serverLogPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(5).joined(separator: " | ")
    }
}
