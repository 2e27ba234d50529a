import Foundation
import InMemoryLogging
import Logging
import RemessaDaemon
import RemessaDrops
import RemessaSFTP
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon and its SFTP transport against ``HostileSFTPServer`` behind the real sshd, and names that are not
/// UTF-8 on the real OpenSSH server (contract section 14).
@Suite("SFTP drops on hostile servers and names", .serialized, .timeLimit(.minutes(5)))
struct HostileSFTPDropTests {
    static func transport(_ sandbox: SSHDSandbox, _ user: SSHDSandboxUser) -> SFTPDropTransport {
        SFTPDropTransport(
            configuration: sandbox.clientConfiguration(for: user),
            root: user.remoteDropPath,
            logger: Logger(label: "remessa.test") { _ in SwiftLogNoOpLogHandler() }
        )
    }

    @Test("Sizes of 2^63 and 2^64-1 fail the drop's poll with a logged error; once removed, the drop goes on")
    func absurdSizes() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let configuration = try HostileSFTPServer.sandboxConfiguration(users: ["rdmn-hostile"])
        try await SSHDSandbox.withSandbox(configuration) { sandbox in
            let user = try #require(sandbox.user("rdmn-hostile"))
            let inbox = user.dropDirectory + "/inbox"
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            try "telefone;nome\n11987654321;Ana\n".write(toFile: inbox + "/boa.csv", atomically: true, encoding: .utf8)
            try SFTPDropTests.giveToUser(user.dropDirectory, user)
            let yaml =
                "drops:\n"
                + SFTPDropTests.sftpDropYAML(
                    "hostil",
                    user: user,
                    sandbox: sandbox,
                    extra: "    template: \"Oi @Nome\""
                )
            let daemon = try fixture.configuration(yaml)
            for hostile in ["HUGE63.csv", "HUGE64.csv"] {
                try "telefone\n".write(toFile: inbox + "/" + hostile, atomically: true, encoding: .utf8)
                try SFTPDropTests.giveToUser(inbox, user)
                #expect(try await fixture.runUntilIdle(daemon) == 75, "the drop's polls fail")
                let failures = fixture.logs.entries.map { "\($0.message) \($0.metadata)" }
                    .filter { $0.hasPrefix("Poll failed") }
                #expect(failures.contains { $0.contains("implausible value from server") && $0.contains(hostile) })
                #expect(DaemonFixture.files(in: inbox) == ["boa.csv", hostile].sorted())
                try FileManager.default.removeItem(atPath: inbox + "/" + hostile)
            }
            #expect(try await fixture.runUntilIdle(daemon) == 0)
            #expect(DaemonFixture.files(in: user.dropDirectory + "/archive") == ["boa.csv"])
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            #expect(try await store.recentFiles(limit: 100).map(\.name) == ["boa.csv"], "claimed once, nothing else")
        }
    }

    @Test("The transport lists the 10,000 oldest of 20,000 files and takes a time of 2^32-1 as it is")
    func boundedListingAndLatestTime() async throws {
        let configuration = try HostileSFTPServer.sandboxConfiguration(users: ["rdmn-hostile"])
        try await SSHDSandbox.withSandbox(configuration) { sandbox in
            let user = try #require(sandbox.user("rdmn-hostile"))
            let inbox = user.dropDirectory + "/inbox"
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: inbox + "/.generate-20000", contents: Data())
            _ = FileManager.default.createFile(atPath: inbox + "/MTIMEMAX.csv", contents: Data("x\n".utf8))
            try SFTPDropTests.giveToUser(user.dropDirectory, user)
            let transport = Self.transport(sandbox, user)
            let entries = try await transport.list("inbox")
            await transport.close()
            #expect(SFTPDropTransport.listingLimit == 10_000)
            #expect(entries.count == 10_000)
            let epoch = Int64(HostileSFTPServer.generatedEpoch)
            #expect(entries.map(\.modification) == (0..<10_000).map { epoch + Int64($0) })
            #expect(!entries.contains { $0.name == "MTIMEMAX.csv" }, "the newest file waits for a later poll")

            try FileManager.default.removeItem(atPath: inbox + "/.generate-20000")
            let again = Self.transport(sandbox, user)
            let latest = try #require(try await again.list("inbox").first { $0.name == "MTIMEMAX.csv" })
            await again.close()
            #expect(latest.modification == 4_294_967_295)
            #expect(latest.size == 2)
        }
    }

    @Test("A Latin-1 name lists as its Windows-1252 reading and is renamed through its bytes")
    func latin1Name() async throws {
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: ["rdmn-latin"])) { sandbox in
            let user = try #require(sandbox.user("rdmn-latin"))
            for folder in ["inbox", "processing"] {
                try FileManager.default.createDirectory(
                    atPath: user.dropDirectory + "/" + folder,
                    withIntermediateDirectories: true
                )
            }
            let latin1: [UInt8] = Array("relat".utf8) + [0xF3] + Array("rio.csv".utf8)
            let path = Array((user.dropDirectory + "/inbox/").utf8) + latin1 + [0]
            let descriptor = path.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
            }
            #expect(descriptor >= 0)
            close(descriptor)
            try SFTPDropTests.giveToUser(user.dropDirectory, user)

            let transport = Self.transport(sandbox, user)
            let entries = try await transport.list("inbox")
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry.name == "relatório.csv")
            #expect(entry.nameBytes == latin1)
            try await transport.renameListed(entry, in: "inbox", to: "processing/relatório.csv")
            #expect(try await transport.list("processing").map(\.name) == ["relatório.csv"])
            #expect(try await transport.list("inbox").isEmpty)
            await transport.close()
            #expect(DaemonFixture.files(in: user.dropDirectory + "/processing") == ["relatório.csv"])
        }
    }
}
