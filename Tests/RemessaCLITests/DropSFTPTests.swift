import Foundation
import RemessaTesting
import Testing

/// `remessa drop` against a real OpenSSH sshd, reached as the daemon reaches it.
@Suite("remessa drop over SFTP", .serialized, .timeLimit(.minutes(3)))
struct DropSFTPTests {
    static let userName = "rdrop-acme"

    /// Starts a sandbox whose user's drop is seeded from a fresh fixture, and configures the `acme` drop on it.
    func withDrop(_ body: (DropFixture, SSHDSandbox, SSHDSandboxUser) throws -> Void) async throws {
        let fixture = try DropFixture()
        let configuration = SSHDSandboxConfiguration(users: [Self.userName], seedDirectory: fixture.seed)
        try await SSHDSandbox.withSandbox(configuration) { sandbox in
            let user = try #require(sandbox.user(Self.userName))
            try DropFixture.setSeededModification(user.dropDirectory + "/inbox/clientes.csv")
            try fixture.writeConfiguration(drops: [DropFixture.sftpDrop("acme", sandbox: sandbox, user: user)])
            try body(fixture, sandbox, user)
        }
    }

    @Test("ls, get and put over SFTP: counts, sorted files, SHA-256, no overwrite, suffixed names")
    func listsGetsAndPutsOverSFTP() async throws {
        try await withDrop { fixture, _, user in
            try DropScenario(fixture: fixture, drop: "acme", dropDirectory: user.dropDirectory).run()
            let leftovers = try DropFixture.names(user.dropDirectory + "/inbox").filter { $0.hasPrefix(".") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("a changed or unknown host key is refused with exit 69 and the SFTP wording")
    func refusesAWrongOrUnknownHostKey() async throws {
        try await withDrop { fixture, sandbox, user in
            // The user's own public key posing as the server's Ed25519 host key.
            let publicKey = try String(contentsOfFile: user.publicKeyPath, encoding: .utf8).split(separator: " ")
            let wrong = try fixture.file(
                "wrong_known_hosts",
                Data("[127.0.0.1]:\(sandbox.port) \(publicKey[0]) \(publicKey[1])\n".utf8)
            )
            let otherHost = try String(contentsOfFile: sandbox.knownHostsPath, encoding: .utf8)
                .replacingOccurrences(of: "[127.0.0.1]:\(sandbox.port)", with: "[127.0.0.2]:\(sandbox.port)")
            let otherHosts = try fixture.file("other_known_hosts", Data(otherHost.utf8))
            try fixture.writeConfiguration(drops: [
                DropFixture.sftpDrop("impostor", sandbox: sandbox, user: user, knownHosts: wrong),
                DropFixture.sftpDrop("stranger", sandbox: sandbox, user: user, knownHosts: otherHosts),
            ])

            let mismatch = try fixture.drop(["ls", "impostor", "inbox"])
            #expect(mismatch.status == 69)
            #expect(mismatch.stderr.contains("host key mismatch"), "\(mismatch.stderr)")
            #expect(mismatch.stdout.isEmpty)

            let unknown = try fixture.drop(["get", "stranger", "inbox/clientes.csv", fixture.directory + "/c.csv"])
            #expect(unknown.status == 69)
            #expect(unknown.stderr.contains("unknown host key"), "\(unknown.stderr)")
            #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/c.csv"))
            #expect(try DropFixture.names(fixture.directory).allSatisfy { !$0.contains("remessa-get") })

            for run in [mismatch, unknown] {
                #expect(!run.stderr.contains("PRIVATE KEY"))
            }
        }
    }
}
