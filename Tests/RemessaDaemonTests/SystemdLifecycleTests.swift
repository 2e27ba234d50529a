import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `remessad` under a fake systemd: a datagram socket as `$NOTIFY_SOCKET`, signals, the HTTP listener.
@Suite("remessad under systemd", .serialized, .timeLimit(.minutes(3)))
struct SystemdLifecycleTests {
    /// A bound `AF_UNIX` datagram socket that collects sd_notify messages.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { bytes in
                for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRINUSE) }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        /// Reads and drops what is queued: a datagram queue that fills up (`net.unix.max_dgram_qlen`, while the
        /// test does other things) makes the daemon's next notification fail with EAGAIN, as it should.
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while buffer.withUnsafeMutableBytes({ recv(descriptor, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }) > 0 {}
        }

        /// Messages received until one contains `text` (or `timeout` passes); returns them all.
        func receive(until text: String, timeout: Duration = .seconds(30)) -> [String] {
            var messages: [String] = []
            let deadline = ContinuousClock.now + timeout
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, 4096, 0) }
                guard count > 0 else { continue }
                let message = String(decoding: buffer[0..<count], as: UTF8.self)
                messages.append(message)
                if message.contains(text) { break }
            }
            return messages
        }
    }

    static func httpGet(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "READY, STATUS, RELOADING on SIGHUP, STOPPING on SIGTERM; /healthz, /readyz and /metrics answer",
        .timeLimit(.minutes(2))
    )
    func notifyAndSignals() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try "telefone;nome\n11987654321;Ana\n".write(toFile: drop + "/inbox/a.csv", atomically: true, encoding: .utf8)
        let port = try FreePort.find()
        let yaml =
            "http:\n  listen: 127.0.0.1:\(port)\ndrops:\n"
            + localDropYAML("acme", path: drop, extra: "    template: \"Oi @Nome\"")
        _ = try fixture.configuration(yaml)
        let notify = try NotifySocket(path: fixture.root + "/notify.sock")
        let daemon = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", fixture.root + "/remessad.yaml"],
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"]
        )
        defer { _ = daemon.child.exitStatusIfEnded() ?? daemon.stop(with: SIGKILL) }

        let startup = notify.receive(until: "READY=1")
        #expect(startup.contains { $0.contains("READY=1") }, "\(startup)")
        #expect(startup.contains { $0.contains("STATUS=") })
        let watchdog = notify.receive(until: "WATCHDOG=1", timeout: .seconds(5))
        #expect(watchdog.contains { $0.contains("WATCHDOG=1") }, "the watchdog pings while polls make progress")

        // The file is processed by the running daemon.
        let archived = await daemon.waitForLines(timeout: .seconds(20)) { $0.contains("Original moved") }
        #expect(archived)
        let (health, ok) = try await Self.httpGet("http://127.0.0.1:\(port)/healthz")
        #expect(health == 200 && ok.contains("ok"))
        let (ready, readiness) = try await Self.httpGet("http://127.0.0.1:\(port)/readyz")
        #expect(ready == 200, "\(readiness)")
        #expect(readiness.contains("drop.acme"))
        let (_, metrics) = try await Self.httpGet("http://127.0.0.1:\(port)/metrics")
        #expect(metrics.contains("remessa_files_claimed_total{drop=\"acme\"} 1"), "\(metrics)")

        // SIGHUP: a new drop appears without a restart.
        let second = try fixture.localDrop("beta")
        try "telefone;nome\n21987654321;Bia\n".write(toFile: second + "/inbox/b.csv", atomically: true, encoding: .utf8)
        _ = try fixture.configuration(
            yaml + localDropYAML("beta", path: second, extra: "    template: \"Oi @Nome\"")
        )
        notify.drain()
        daemon.child.send(SIGHUP)
        let reload = notify.receive(until: "READY=1")
        #expect(reload.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") }, "\(reload)")
        let reloaded = await daemon.waitForLines(timeout: .seconds(20)) {
            $0.contains("Original moved") && $0.contains("remessa.drop=beta")
        }
        #expect(reloaded, "the drop added by the reload is polled")

        notify.drain()
        daemon.child.send(SIGTERM)
        let stopping = notify.receive(until: "STOPPING=1")
        #expect(stopping.contains { $0.contains("STOPPING=1") })
        #expect(await daemon.waitForExit(timeout: .seconds(30)) == 0)
    }

    @Test("--check-config names the path of each error; --probe reaches every drop")
    func checkConfig() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try
            "state:\n  path: \(fixture.statePath)\ndrops:\n  acme:\n    transport: local\n    path: \(drop)\n    pollInterval: 5\n"
            .write(toFile: fixture.root + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", fixture.root + "/bad.yaml", "--check-config"]
        )
        #expect(await bad.waitForExit() == 78)
        #expect(bad.output.contains { $0.contains("drops.acme.pollInterval") }, "\(bad.output)")

        _ = try fixture.configuration("drops:\n" + localDropYAML("acme", path: drop))
        let good = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", fixture.root + "/remessad.yaml", "--check-config", "--probe"]
        )
        #expect(await good.waitForExit() == 69, "the drop's folders other than the inbox do not exist yet")
        for folder in ["processing", "archive", "failed", "outbox"] {
            try FileManager.default.createDirectory(atPath: drop + "/" + folder, withIntermediateDirectories: true)
        }
        let probed = try DaemonProcess(
            CrashSafetyTests.remessad,
            ["--config", fixture.root + "/remessad.yaml", "--check-config", "--probe"]
        )
        #expect(await probed.waitForExit() == 0)
    }
}
