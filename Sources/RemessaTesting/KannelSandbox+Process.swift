import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The running boxes and the watchdog that kills them if this process dies without stopping them.
struct KannelProcesses: Sendable {
    var children: [ChildProcess]
    var watchdog: ChildProcess?
    /// The write end of the watchdog's stdin; it closes when this process exits, however it exits.
    var watchdogPipe: Int32
}

extension KannelSandbox {
    static let bearerboxPath = "/usr/sbin/bearerbox"
    static let smsboxPath = "/usr/sbin/smsbox"
    static let fakeSMSCPath = "/usr/lib/kannel/test/fakesmsc"

    /// Starts bearerbox, waits for its admin port, then smsbox and fakesmsc, and waits until sendsms answers,
    /// smsbox is connected and (if it connects) the fake SMSC is online.
    func launch() async throws {
        self.processes.withLock { $0 = KannelProcesses(children: [], watchdog: nil, watchdogPipe: -1) }
        // Only warnings on the consoles: the log files (level 1) say the rest.
        try self.spawn(Self.bearerboxPath, ["-v", "2", self.configurationPath], output: "bearerbox.out")
        try await self.waitUntil("bearerbox's admin port \(self.ports.admin) answers") { self.status() != nil }
        try self.spawn(Self.smsboxPath, ["-v", "2", self.configurationPath], output: "smsbox.out")
        if self.configuration.connectsSMSC {
            let messages = self.configuration.mobileOriginated
            try self.spawn(
                Self.fakeSMSCPath,
                ["-H", "127.0.0.1", "-r", String(self.ports.smsc), "-i", "0.01", "-m", String(messages.count)]
                    + (messages.isEmpty ? ["1 2 text unused"] : messages),
                output: "fakesmsc.log"
            )
        }
        try self.startWatchdog()
        try await self.waitUntil("smsbox connects and sendsms answers on port \(self.ports.sendsms)") {
            guard let status = self.status(), status.contains("smsbox:") else { return false }
            if self.configuration.connectsSMSC, !status.contains("(online") {
                return false
            }
            return (try? LoopbackHTTP.request("GET", "/", port: self.ports.sendsms, timeout: .seconds(1))) != nil
        }
    }

    /// Kills the watchdog first (so it cannot kill a reused pid later), then every box, and reaps them all.
    func terminate() async {
        let processes = self.processes.withLock { state -> KannelProcesses? in
            defer { state = nil }
            return state
        }
        guard let processes else { return }
        if let watchdog = processes.watchdog {
            watchdog.send(SIGKILL)
            _ = watchdog.waitForExit()
        }
        if processes.watchdogPipe >= 0 {
            close(processes.watchdogPipe)
        }
        for child in processes.children {
            child.send(SIGKILL)
        }
        for child in processes.children {
            while child.exitStatusIfEnded() == nil {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Polls `condition` for up to 15 s; fails early, with the logs, if a box exits.
    private func waitUntil(_ what: String, condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let children = self.processes.withLock { $0?.children ?? [] }
            if let ended = children.first(where: { $0.exitStatusIfEnded() != nil }) {
                throw KannelSandboxError("a Kannel box (pid \(ended.pid)) exited at start:\n\(self.logTail())")
            }
            if condition() {
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw KannelSandboxError("waited 15 s for \(what):\n\(self.logTail())")
    }

    private func spawn(_ executable: String, _ arguments: [String], output: String) throws {
        let path = "\(self.stateDirectory)/\(output)"
        let log = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            if log >= 0 { close(log) }
            if null >= 0 { close(null) }
        }
        guard log >= 0, null >= 0 else { throw KannelSandboxError("cannot open \(path)") }
        let child = try ChildProcess.spawn(executable, arguments, stdin: null, stdout: log, stderr: log)
        self.processes.withLock { $0?.children.append(child) }
    }

    /// A shell that waits for EOF on a pipe only this process holds, then kills the boxes and removes the state
    /// directory (unless kept): a test run that crashes or is killed leaves no Kannel behind.
    private func startWatchdog() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw KannelSandboxError("pipe() failed") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let pids = self.processes.withLock { $0?.children.map { String($0.pid) } ?? [] }
        let removal = self.configuration.keepsState ? "" : self.stateDirectory
        do {
            let watchdog = try ChildProcess.spawn(
                "/bin/sh",
                [
                    "-c",
                    #"read _; dir=$1; shift; kill -KILL "$@" 2>/dev/null; [ -n "$dir" ] && rm -rf "$dir"; exit 0"#,
                    "kannel-sandbox-watchdog", removal,
                ] + pids,
                stdin: fds[0],
                stdout: null,
                stderr: null
            )
            self.processes.withLock {
                $0?.watchdog = watchdog
                $0?.watchdogPipe = fds[1]
            }
        } catch {
            close(fds[1])
            throw error
        }
    }
}
