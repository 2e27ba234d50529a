import Foundation
import InMemoryLogging
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon against a real OpenSSH sshd on 127.0.0.1, started by each test.
@Suite("Daemon over SFTP drops", .serialized, .timeLimit(.minutes(5)))
struct SFTPDropTests {
    /// YAML for an sftp drop of a sandbox user that polls fast; `extra` holds more drop-level lines.
    static func sftpDropYAML(
        _ name: String,
        user: SSHDSandboxUser,
        sandbox: SSHDSandbox,
        knownHosts: String? = nil,
        stableFor: String = "100ms",
        extra: String = ""
    ) -> String {
        let settings =
            ["pollInterval: 100ms", "stableFor: \(stableFor)"]
            + extra.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return sandbox.dropYAML(name, user: user, knownHosts: knownHosts, settings: settings)
    }

    /// Gives `path` and everything under it to the sandbox user, as an upload by that user would be.
    static func giveToUser(_ path: String, _ user: SSHDSandboxUser) throws {
        guard let account = getpwnam(user.name) else { throw POSIXError(.ENOENT) }
        let owner = account.pointee.pw_uid
        let group = account.pointee.pw_gid
        var paths = [path]
        if let enumerator = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in enumerator { paths.append(path + "/" + relative) }
        }
        for item in paths { chown(item, owner, group) }
    }

    @Test("Every layout over SFTP: result and error files come back, originals land in archive/ and failed/")
    func sampleDropsOverSFTP() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let sample = DaemonFixture.sampleDrops
        let configuration = SSHDSandboxConfiguration(
            users: [
                .init(name: "rdmn-acme", seedDirectory: sample + "/acme-varejo"),
                .init(name: "rdmn-sinch", seedDirectory: sample + "/sinch-parceiro"),
                .init(name: "rdmn-engage", seedDirectory: sample + "/engage-cobranca"),
            ]
        )
        try await SSHDSandbox.withSandbox(configuration) { sandbox in
            let acme = try #require(sandbox.user("rdmn-acme"))
            let sinch = try #require(sandbox.user("rdmn-sinch"))
            let engage = try #require(sandbox.user("rdmn-engage"))
            let yaml =
                "drops:\n"
                + Self.sftpDropYAML(
                    "acme",
                    user: acme,
                    sandbox: sandbox,
                    extra: "    templateFile: \(sample)/acme-varejo/template.txt"
                )
                + Self.sftpDropYAML("sinch", user: sinch, sandbox: sandbox)
                + Self.sftpDropYAML(
                    "engage",
                    user: engage,
                    sandbox: sandbox,
                    extra: "    templateFile: \(sample)/engage-cobranca/template.txt"
                )
            #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml)) == 0)
            for (user, accepted, rejected) in [
                (acme, 4, 4), (sinch, 2, 1), (engage, 1, 2),
            ] {
                let root = user.dropDirectory
                #expect(DaemonFixture.files(in: root + "/inbox").isEmpty)
                #expect(DaemonFixture.files(in: root + "/archive").count == accepted, "\(user.name)")
                #expect(DaemonFixture.files(in: root + "/failed").count == rejected, "\(user.name)")
                let outbox = DaemonFixture.files(in: root + "/outbox")
                #expect(outbox.filter { $0.hasSuffix(".result.csv") }.count == accepted)
                #expect(outbox.filter { $0.hasSuffix(".error.csv") }.count == rejected)
                #expect(!outbox.contains { $0.hasPrefix(".") }, "no temporary upload is left behind")
            }
            let rows = try DaemonFixture.rows(acme.dropDirectory + "/outbox/clientes-promo.csv.result.csv")
            #expect(rows.filter { $0[3] == "ACCEPTED" }.count == 9)
        }
    }

    @Test("50 files at once across 3 drops, and a drop with a wrong host key does not stop the others")
    func manyFilesAndABrokenDrop() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let names = ["rdmn-a", "rdmn-b", "rdmn-c", "rdmn-bad"]
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: names)) { sandbox in
            let users = try names.map { try #require(sandbox.user($0)) }
            for (index, user) in users.prefix(3).enumerated() {
                try FileManager.default.createDirectory(
                    atPath: user.dropDirectory + "/inbox",
                    withIntermediateDirectories: true
                )
                for file in 0..<(index == 2 ? 16 : 17) {
                    let number = String(format: "%08d", index * 1000 + file)
                    try "telefone;nome\n119\(number);Cliente \(file)\n".write(
                        toFile: user.dropDirectory + "/inbox/lista-\(file).csv",
                        atomically: true,
                        encoding: .utf8
                    )
                }
            }
            try FileManager.default.createDirectory(
                atPath: users[3].dropDirectory + "/inbox",
                withIntermediateDirectories: true
            )
            try "telefone\n11987654321\n".write(
                toFile: users[3].dropDirectory + "/inbox/nunca.csv",
                atomically: true,
                encoding: .utf8
            )
            // A known_hosts that pins another key (a user key, not the server's) for this host and port.
            for user in users { try Self.giveToUser(user.dropDirectory + "/inbox", user) }
            let wrongKnownHosts = fixture.root + "/wrong_known_hosts"
            let otherKey = try String(contentsOfFile: users[0].publicKeyPath, encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
            try "[127.0.0.1]:\(sandbox.port) \(otherKey)\n".write(
                toFile: wrongKnownHosts,
                atomically: true,
                encoding: .utf8
            )

            var yaml = "drops:\n"
            for (name, user) in zip(["a", "b", "c"], users) {
                yaml += Self.sftpDropYAML(name, user: user, sandbox: sandbox, extra: "    template: \"Oi @Nome\"")
            }
            yaml += Self.sftpDropYAML(
                "bad",
                user: users[3],
                sandbox: sandbox,
                knownHosts: wrongKnownHosts,
                extra: "    template: \"Oi\""
            )
            let status = try await fixture.runUntilIdle(try fixture.configuration(yaml))
            #expect(status == 75, "a drop that cannot be reached makes --until-idle report failure")

            var archived = 0
            for user in users.prefix(3) {
                archived += DaemonFixture.files(in: user.dropDirectory + "/archive").count
                #expect(DaemonFixture.files(in: user.dropDirectory + "/inbox").isEmpty)
            }
            #expect(archived == 50)
            #expect(DaemonFixture.files(in: users[3].dropDirectory + "/inbox") == ["nunca.csv"])
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            #expect(try await store.batches().count == 50)
            let logs = fixture.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(logs.contains("host key") || logs.contains("hostKey"), "the failure names the host key")
        }
    }

    @Test("A file uploaded slowly over 20 s is claimed only when complete", .timeLimit(.minutes(2)))
    func slowUpload() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: ["rdmn-slow"])) { sandbox in
            let user = try #require(sandbox.user("rdmn-slow"))
            let inbox = user.dropDirectory + "/inbox"
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            let path = inbox + "/lenta.csv"
            try "telefone;nome\n".write(toFile: path, atomically: false, encoding: .utf8)
            try Self.giveToUser(inbox, user)
            let yaml =
                "drops:\n"
                + Self.sftpDropYAML(
                    "slow",
                    user: user,
                    sandbox: sandbox,
                    stableFor: "3s",
                    extra: "    template: \"Oi @Nome\""
                )
            let configuration = try fixture.configuration(yaml)
            let daemon = Task { try await fixture.runUntilIdle(configuration) }
            // One row a second for 20 s, each append well inside stableFor.
            for row in 0..<20 {
                let handle = try #require(FileHandle(forWritingAtPath: path))
                handle.seekToEndOfFile()
                handle.write(Data("1198765\(String(format: "%04d", row));Cliente \(row)\n".utf8))
                try handle.close()
                try await Task.sleep(for: .seconds(1))
                #expect(DaemonFixture.files(in: user.dropDirectory + "/processing").isEmpty, "not claimed at \(row) s")
                #expect(DaemonFixture.files(in: user.dropDirectory + "/archive").isEmpty)
            }
            #expect(try await daemon.value == 0)
            #expect(DaemonFixture.files(in: user.dropDirectory + "/archive") == ["lenta.csv"])
            let rows = try DaemonFixture.rows(user.dropDirectory + "/outbox/lenta.csv.result.csv")
            #expect(rows.count == 20)
            #expect(rows.allSatisfy { $0[3] == "ACCEPTED" })
        }
    }
}
