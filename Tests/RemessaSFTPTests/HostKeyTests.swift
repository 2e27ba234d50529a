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
            let client = SFTPClient(configuration: sandbox.clientConfiguration(for: user), logger: log.logger)
            let home = try await client.canonicalPath(".")
            #expect(home == "/drop")
            await client.close()
            #expect(log.contains(message: "SFTP connected"))
        }
    }
}
