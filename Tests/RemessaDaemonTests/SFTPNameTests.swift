import Foundation
import RemessaStore
import RemessaTesting
import Testing

/// Names at the edge of what a path component takes, over a real OpenSSH sshd (contract section 14).
@Suite("SFTP drops and long names", .serialized, .timeLimit(.minutes(3)))
struct SFTPNameTests {
    @Test("A 251-byte name is NAME_TOO_LONG under a shortened error name; a 237-byte one gets every output file")
    func longNames() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: ["rdmn-long"])) { sandbox in
            let user = try #require(sandbox.user("rdmn-long"))
            let inbox = user.dropDirectory + "/inbox"
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            let tooLong = String(repeating: "l", count: 247) + ".csv"
            let longest = String(repeating: "m", count: 233) + ".csv"
            // Different contents: the same content twice would be DUPLICATE_FILE.
            for (index, name) in [tooLong, longest, "curto.csv"].enumerated() {
                try "telefone;nome\n1198765432\(index);Ana\n".write(
                    toFile: inbox + "/" + name,
                    atomically: false,
                    encoding: .utf8
                )
            }
            try SFTPDropTests.giveToUser(inbox, user)
            let yaml =
                "drops:\n"
                + SFTPDropTests.sftpDropYAML("long", user: user, sandbox: sandbox, extra: "    template: \"Oi @Nome\"")
            #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml)) == 0)

            let root = user.dropDirectory
            #expect(DaemonFixture.files(in: root + "/inbox").isEmpty)
            #expect(DaemonFixture.files(in: root + "/archive").sorted() == [longest, "curto.csv"].sorted())
            #expect(DaemonFixture.files(in: root + "/failed") == [tooLong])
            let outbox = DaemonFixture.files(in: root + "/outbox")
            #expect(outbox.contains(longest + ".result.csv"))
            #expect(outbox.contains(longest + ".final.csv"))
            #expect(outbox.contains(longest + ".summary.json"))
            #expect(!outbox.contains { $0.hasSuffix(".remessa.part") })
            let errorFiles = outbox.filter { $0.hasSuffix(".error.csv") }
            #expect(errorFiles.count == 1)
            for name in errorFiles {
                #expect(name.hasPrefix("lllll"))
                #expect(try DaemonFixture.rows(root + "/outbox/" + name).first?.first == "NAME_TOO_LONG")
            }
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            #expect(try await store.recentFiles(limit: 10).count == 3, "each file claimed once")
        }
    }
}
