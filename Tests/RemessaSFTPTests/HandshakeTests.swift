import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Algorithms")
    struct HandshakeTests {
        @Test(
            "A server that allows only ETM MACs fails the handshake, and the error names the MAC lists",
            .timeLimit(.minutes(1))
        )
        func etmOnlyServer() async throws {
            let configuration = SSHDSandboxConfiguration(
                users: [SSHDSandboxConfiguration.User(name: "rsftp-strict")],
                extraServerConfiguration: ["MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com"]
            )
            try await SSHDSandbox.withSandbox(configuration) { strict in
                let user = try #require(strict.user("rsftp-strict"))
                var client = strict.clientConfiguration(for: user)
                client.reconnect.maximumAttempts = 1
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(client, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .handshakeFailed)
                let text = error?.description ?? ""
                #expect(text.contains("no common MAC (client to server)"))
                #expect(text.contains("hmac-sha2-256-etm@openssh.com"))
                #expect(text.contains("the client offers hmac-sha2-256,hmac-sha2-512,hmac-sha1;"))
                #expect(!text.contains("no common cipher"))
            }
        }

        @Test("Legacy ciphers are not offered unless configured", .timeLimit(.minutes(1)))
        func legacyCipherServer() async throws {
            let configuration = SSHDSandboxConfiguration(
                users: [SSHDSandboxConfiguration.User(name: "rsftp-legacy")],
                extraServerConfiguration: ["Ciphers aes128-cbc"]
            )
            try await SSHDSandbox.withSandbox(configuration) { legacy in
                let user = try #require(legacy.user("rsftp-legacy"))
                var client = legacy.clientConfiguration(for: user)
                client.reconnect.maximumAttempts = 1
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(client, log: LogCapture()) { try await $0.connect() }
                }
                #expect(error?.code == .handshakeFailed)
                #expect(error?.description.contains("the client offers aes128-ctr,aes192-ctr,aes256-ctr;") == true)
                client.algorithms.ciphers = ["aes128-cbc"]
                try await TestSupport.withClient(client, log: LogCapture()) { try await $0.connect() }
            }
        }

        @Test(
            "Client algorithm lists the server lacks fail the handshake, naming the cipher lists",
            .timeLimit(.minutes(1))
        )
        func clientCipherMismatch() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.algorithms.ciphers = ["aes256-cbc"]
            configuration.reconnect.maximumAttempts = 1
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .handshakeFailed)
            #expect(
                error?.description.contains("no common cipher (client to server): the client offers aes256-cbc") == true
            )
        }

        @Test(
            "Algorithms libssh2 1.10 lacks are rejected before connecting; supported ones work",
            .timeLimit(.minutes(1))
        )
        func unsupportedAndSupportedAlgorithms() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            var configuration = sandbox.clientConfiguration(for: user)
            configuration.algorithms.ciphers = ["chacha20-poly1305@openssh.com"]
            let error = await TestSupport.sftpError {
                try await TestSupport.withClient(configuration, log: LogCapture()) { try await $0.connect() }
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.description.contains("aes128-ctr") == true)

            configuration.algorithms = SFTPAlgorithms(ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256"])
            let log = LogCapture()
            try await TestSupport.withClient(configuration, log: log) { try await $0.connect() }
            #expect(log.metadata("sftp.algorithms", of: "SFTP connected")?.contains("aes128-ctr hmac-sha2-256") == true)
        }
    }
}
