import Foundation
import RemessaSFTP
import RemessaTesting
import Synchronization
import Testing

extension SFTPIntegrationTests {
    @Suite("Dead servers and reconnection")
    struct ReconnectTests {
        /// A file big enough that the server is stopped while it is still being read.
        static let size = 64 << 20

        @Test(
            "A server that hangs mid-download fails the call within the timeout; the next call reconnects",
            .timeLimit(.minutes(1))
        )
        func hangMidDownload() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/hang.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: Self.size, seed: 5)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.operationTimeout = .seconds(2)
            configuration.connectTimeout = .seconds(2)
            let log = LogCapture()
            try await TestSupport.withTemporaryDirectory { directory in
                try await TestSupport.withClient(configuration, log: log) { client in
                    let paused = Mutex(false)
                    let started = Mutex<ContinuousClock.Instant?>(nil)
                    let error = await TestSupport.sftpError {
                        _ = try await client.download("hang.bin", to: "\(directory)/hang.bin") { bytes in
                            guard bytes >= 4 << 20 else { return }
                            paused.withLock { done in
                                if !done {
                                    sandbox.pause()
                                    started.withLock { $0 = .now }
                                    done = true
                                }
                            }
                        }
                    }
                    let stalledFor = try #require(started.withLock { $0 }).duration(to: .now)
                    sandbox.resume()
                    #expect(error?.code == .timeout)
                    #expect(stalledFor < .seconds(6))
                    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)

                    let home = try await client.canonicalPath(".")
                    #expect(home == "/drop")
                }
            }
            // The hang discards the session and the next call connects again; under load a keep-alive check may
            // reconnect once more on its own.
            #expect((2...3).contains(log.count(message: "SFTP connected")))
            #expect(log.contains(message: "SFTP session discarded"))
        }

        @Test(
            "A server killed mid-download fails the call at once; after a restart the client reconnects",
            .timeLimit(.minutes(1)),
            arguments: [1, 2]
        )
        func killMidDownload(sessions: Int) async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/kill.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: Self.size, seed: 6)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.operationTimeout = .seconds(5)
            configuration.reconnect = SFTPReconnectPolicy(initialDelay: .milliseconds(50), maximumAttempts: 5)
            configuration.transfer.parallelSessions = sessions
            let log = LogCapture()
            let expected = try TestFiles.sha256(ofFileAt: remote)
            try await TestSupport.withTemporaryDirectory { directory in
                try await TestSupport.withClient(configuration, log: log) { client in
                    let killed = Mutex<ContinuousClock.Instant?>(nil)
                    let error = await TestSupport.sftpError {
                        _ = try await client.download("kill.bin", to: "\(directory)/kill.bin") { bytes in
                            guard bytes >= 4 << 20 else { return }
                            killed.withLock { instant in
                                if instant == nil {
                                    sandbox.kill()
                                    instant = .now
                                }
                            }
                        }
                    }
                    let failedAfter = try #require(killed.withLock { $0 }).duration(to: .now)
                    #expect(error?.code == .connectionLost)
                    #expect(failedAfter < .seconds(5))

                    // While sshd is down, calls fail with a connection error after their retries.
                    let refused = await TestSupport.sftpError { _ = try await client.canonicalPath(".") }
                    #expect(refused?.code == .connectionFailed)

                    try await sandbox.restart()
                    let result = try await client.download("kill.bin", to: "\(directory)/kill.bin")
                    #expect(result.transfer.sha256 == expected)
                }
            }
            #expect(log.contains(message: "SFTP waiting before reconnecting"))
            // Striped, each download also logs in an extra session (the first one's may not have made it in time).
            let logins = log.count(message: "SFTP connected")
            if sessions == 1 {
                #expect(logins == 2)
            } else {
                #expect((3...4).contains(logins))
            }
        }

        @Test(
            "An idle session is checked before reuse and silently replaced when the server restarted",
            .timeLimit(.minutes(1))
        )
        func livenessCheckAfterIdle() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.livenessCheckAfterIdle = .milliseconds(100)
            let log = LogCapture()
            try await TestSupport.withClient(configuration, log: log) { client in
                #expect(try await client.canonicalPath(".") == "/drop")
                try await sandbox.restart()
                try await Task.sleep(for: .milliseconds(200))
                #expect(try await client.canonicalPath(".") == "/drop")
            }
            #expect(log.contains(message: "SFTP idle session failed its liveness check"))
            #expect(log.count(message: "SFTP connected") == 2)
        }

        @Test(
            "Connecting to a server that accepts but never answers times out within the connect timeout",
            .timeLimit(.minutes(1))
        )
        func connectTimeout() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.connectTimeout = .seconds(1)
            configuration.reconnect.maximumAttempts = 1
            sandbox.pause()
            let started = ContinuousClock.now
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            let elapsed = started.duration(to: .now)
            sandbox.resume()
            #expect(error?.code == .timeout)
            #expect(elapsed < .seconds(4))
        }

        @Test("Keepalives go out while the client is idle", .timeLimit(.minutes(1)))
        func keepalives() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.keepaliveInterval = .seconds(1)
            let log = LogCapture()
            try await TestSupport.withClient(configuration, log: log) { client in
                try await client.connect()
                try await Task.sleep(for: .milliseconds(3500))
                #expect(try await client.canonicalPath(".") == "/drop")
            }
            #expect(log.count(message: "SFTP keepalive sent") >= 1)
        }
    }
}
