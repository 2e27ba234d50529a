import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Host keys")
    struct HostKeyTests {
        @Test("A matching known_hosts entry connects, into the chrooted drop", .timeLimit(.minutes(1)))
        func knownHostsMatch() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let log = LogCapture()
            let home = try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: log) { client in
                try await client.canonicalPath(".")
            }
            #expect(home == "/drop")
            #expect(log.contains(message: "SFTP connected"))
            log.expectNoSecrets(TestSupport.keyMaterial(user.privateKeyPath))
        }

        @Test(
            "A known_hosts with only one key type makes the client ask for that type",
            .timeLimit(.minutes(1)),
            arguments: ["ssh-ed25519", "ecdsa-sha2-nistp256"]
        )
        func singleTypeKnownHosts(type: String) async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let all = try String(contentsOfFile: sandbox.knownHostsPath, encoding: .utf8)
                let only = all.split(separator: "\n").filter { $0.split(separator: " ")[1] == type }
                #expect(only.count == 1)
                let path = "\(directory)/known_hosts"
                try only.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .knownHosts(path: path)
                let log = LogCapture()
                try await TestSupport.withClient(configuration, log: log) { try await $0.connect() }
                #expect(log.metadata("sftp.hostkey", of: "SFTP connected")?.hasPrefix(type) == true)
            }
        }

        @Test("Hashed known_hosts entries from ssh-keyscan -H are understood", .timeLimit(.minutes(1)))
        func hashedKnownHosts() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let scanned = try TestKeys.scan(port: sandbox.port, hashed: true)
                #expect(scanned.contains("|1|"))
                #expect(!scanned.contains("127.0.0.1"))
                let path = "\(directory)/known_hosts"
                try ("# a comment\n@cert-authority *.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB\n" + scanned)
                    .write(toFile: path, atomically: true, encoding: .utf8)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .knownHosts(path: path)
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
        }

        @Test("An unknown host is a hard error that shows the server's fingerprint", .timeLimit(.minutes(1)))
        func unknownHostKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let path = "\(directory)/known_hosts"
                // The right keys, but recorded for another port: not this host.
                let other = try String(contentsOfFile: sandbox.knownHostsPath, encoding: .utf8)
                    .replacingOccurrences(of: "]:\(sandbox.port) ", with: "]:1 ")
                try other.write(toFile: path, atomically: true, encoding: .utf8)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .knownHosts(path: path)
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .hostKeyUnknown)
                let fingerprints = sandbox.hostKeyFingerprints.map(\.sha256)
                #expect(fingerprints.contains { error?.description.contains($0) == true })
                #expect(error?.description.contains("ssh-keyscan") == true)
            }
        }

        @Test("A changed host key is a mismatch, not an unknown host", .timeLimit(.minutes(1)))
        func mismatchedHostKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                try TestKeys.generate(.ed25519, at: "\(directory)/impostor")
                let impostor = try String(contentsOfFile: "\(directory)/impostor.pub", encoding: .utf8)
                let fields = impostor.split(separator: " ")
                let path = "\(directory)/known_hosts"
                try "[127.0.0.1]:\(sandbox.port) \(fields[0]) \(fields[1])\n"
                    .write(toFile: path, atomically: true, encoding: .utf8)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .knownHosts(path: path)
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .hostKeyMismatch)
                #expect(error?.description.contains(sandbox.hostKeyFingerprints[0].sha256) == true)
            }
        }

        @Test("A key marked @revoked is refused", .timeLimit(.minutes(1)))
        func revokedHostKey() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory in
                let known = try String(contentsOfFile: sandbox.knownHostsPath, encoding: .utf8)
                let ed25519 = try #require(known.split(separator: "\n").first { $0.contains("ssh-ed25519") })
                let path = "\(directory)/known_hosts"
                try "\(known)@revoked \(ed25519)\n".write(toFile: path, atomically: true, encoding: .utf8)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .knownHosts(path: path)
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .hostKeyRevoked)
            }
        }

        @Test("A missing known_hosts file is its own error", .timeLimit(.minutes(1)))
        func missingKnownHosts() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.hostKeyVerification = .knownHosts(path: "/nonexistent/known_hosts")
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .knownHostsUnreadable)
        }

        @Test(
            "Fingerprints pinned from ssh-keyscan | ssh-keygen -lf - connect, for each key type",
            .timeLimit(.minutes(1))
        )
        func pinnedFingerprints() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let lines = try TestKeys.fingerprintLines(port: sandbox.port)
            #expect(lines.count == 2)
            for line in lines {
                let pin = try SFTPHostKeyFingerprint(line)
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.hostKeyVerification = .pinned(pin)
                let log = LogCapture()
                try await TestSupport.withClient(configuration, log: log) { try await $0.connect() }
                #expect(log.metadata("sftp.hostkey", of: "SFTP connected") == pin.description)
            }
        }

        @Test("A wrong pinned fingerprint is a mismatch", .timeLimit(.minutes(1)))
        func wrongPinnedFingerprint() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            let wrong = SFTPHostKeyFingerprint(keyType: .ed25519, digest: [UInt8](repeating: 7, count: 32))
            configuration.hostKeyVerification = .pinned(wrong)
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .hostKeyMismatch)
            #expect(error?.description.contains(sandbox.hostKeyFingerprints[0].sha256) == true)
        }
    }
}
