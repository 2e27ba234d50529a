import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// remessad's state directory on a small real tmpfs that fills up while it sends through the real test gateway:
/// no message is submitted twice, the route pauses and says so on `/readyz`, and everything finishes once space
/// returns.
@Suite("Dispatch on a full disk", .serialized, .timeLimit(.minutes(5)))
struct FullDiskDispatchTests {
    /// Mounts a tmpfs of `size` at `path`; fails (never skips) when it cannot.
    static func mountTmpfs(at path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try ChildProcess.spawn(
            "/bin/mount",
            ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", path],
            stdin: 0,
            stdout: 1,
            stderr: 2
        )
        let status = mount.waitForExit()
        try #require(status == 0, "mount -t tmpfs at \(path) failed (\(status)): this test needs root")
    }

    /// What the full-disk tests share: a gateway route at 10/s (20 s for 200 messages, so on a loaded machine the
    /// disk still fills long before the last one), the state on a 24 MiB tmpfs, `total` contacts in the drop, and
    /// the filler's path. Undo with ``removeFullDisk(_:)``.
    static func fullDiskFixture(total: Int) async throws -> (fixture: HTTPDispatchFixture, filler: String) {
        let fixture = try await HTTPDispatchFixture(route: ["rate": "10", "burst": "2", "maxInFlight": "8"])
        do {
            try mountTmpfs(at: fixture.fixture.statePath, size: "24m")
            try fixture.contacts(total)
        } catch {
            removeFullDisk(fixture)
            throw error
        }
        return (fixture, fixture.fixture.statePath + "/filler")
    }

    /// Unmounts the fixture's tmpfs and removes the fixture.
    static func removeFullDisk(_ fixture: HTTPDispatchFixture) {
        unmount(fixture.fixture.statePath)
        fixture.remove()
    }

    static func unmount(_ path: String) {
        _ = try? ChildProcess.spawn("/bin/umount", ["-l", path], stdin: 0, stdout: 1, stderr: 2).waitForExit()
    }

    /// Writes `path` until the filesystem has no room left; answers the bytes written.
    static func fill(_ path: String) throws -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0, "cannot create the filler \(path)")
        defer { close(fd) }
        let block = [UInt8](repeating: 0x5a, count: 64 * 1024)
        var total = 0
        while true {
            let written = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { break }
            total += written
        }
        try #require(errno == ENOSPC, "the filler stopped for another reason: \(String(cString: strerror(errno)))")
        return total
    }

    static func httpGet(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("The state tmpfs fills mid-send: nothing submitted twice, /readyz 503, all done once space returns")
    func fullDiskWhileSending() async throws {
        // 20 s of sending at 10/s: on a loaded machine the disk still fills long before the last message (at
        // 40/s a loaded full run sent them all first, and `--until-idle` ended before /readyz was asked).
        let total = 200
        let (fixture, filler) = try await Self.fullDiskFixture(total: total)
        defer { Self.removeFullDisk(fixture) }

        let daemon = try fixture.startDaemon()
        defer { if daemon.child.exitStatusIfEnded() == nil { daemon.stop(with: SIGKILL) } }
        #expect(try await waitForAccepted(fixture.gateway, atLeast: 20, orExitOf: daemon))
        let filled = try Self.fill(filler)
        print("filler: \(filled) bytes")
        let sent = try await fixture.gateway.stats().messages
        try #require(sent < total, "the disk filled too late to matter: \(sent) of \(total) sent")

        // The route notices, pauses and says so on /readyz.
        let base = "http://127.0.0.1:\(fixture.listenPort)"
        var readiness = (status: 0, body: "")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            readiness = try await Self.httpGet(base + "/readyz")
            if readiness.status == 503 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(readiness.status == 503, "/readyz never failed: \(readiness.body)")
        #expect(readiness.body.contains("\"route.gw\""), "\(readiness.body)")
        #expect(readiness.body.contains("sending paused"), "\(readiness.body)")

        // No new submissions while commits fail: what was in flight at the first failure may still land.
        try await Task.sleep(for: .seconds(1))
        let paused = try await fixture.gateway.stats()
        try await Task.sleep(for: .seconds(3))
        let later = try await fixture.gateway.stats()
        #expect(later.messages == paused.messages, "submissions went on: \(paused.messages) → \(later.messages)")
        #expect(later.duplicates == 0)
        #expect(paused.messages < total, "the disk filled too late to matter")
        let metrics = try await Self.httpGet(base + "/metrics").body
        let failures = metrics.split(separator: "\n").first {
            $0.hasPrefix("remessa_route_commit_failures_total{route=\"gw\"}")
        }
        #expect(failures.map { !$0.hasSuffix(" 0") } ?? false, "\(failures ?? "no commit failure metric")")
        // Delivery reports that cannot be committed are answered 503 (the gateway posts them again later).
        #expect(later.dlrsFailed > 0, "no delivery report was refused while the disk was full")

        // Space returns: everything finishes, each message submitted and recorded exactly once.
        try FileManager.default.removeItem(atPath: filler)
        let status = await daemon.waitForExit(timeout: .seconds(120))
        #expect(status == 0, "remessad --until-idle: \(status)\n\(daemon.output.suffix(30).joined(separator: "\n"))")
        let output = daemon.output
        #expect(output.filter { $0.contains("Cannot record outcomes: the route stops sending") }.count == 1)
        #expect(output.filter { $0.contains("Outcomes recorded: the route sends again") }.count == 1)

        let stats = try await fixture.gateway.stats()
        #expect(stats.duplicates == 0)
        let logged = try fixture.gateway.loggedMessages()
        #expect(logged.count == total, "\(logged.count) submissions for \(total) messages")
        #expect(Set(logged.map(\.id)).count == total)
        #expect(logged.allSatisfy { $0.status == 200 })
        let store = try await fixture.terminalEvents()
        #expect(store.messages == total)
        let wrong = store.terminalEvents.filter { $0.value != 1 }
        #expect(store.terminalEvents.count == total && wrong.isEmpty, "not one terminal event: \(wrong.prefix(10))")
        let rows = try fixture.finalRows()
        #expect(rows.count == total)
        #expect(rows.allSatisfy { $0.status == "DELIVERED" })
    }
}
