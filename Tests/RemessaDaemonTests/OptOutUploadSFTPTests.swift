import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// Opt-out uploads over a real OpenSSH sshd on 127.0.0.1 (contract §11).
@Suite("Opt-out uploads over SFTP drops", .serialized, .timeLimit(.minutes(5)))
struct OptOutUploadSFTPTests {
    @Test("An upload in optout/ over SFTP is applied, answered and archived; a binary one is rejected to failed/")
    func uploadOverSFTP() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: ["rdmn-optout"])) { sandbox in
            let user = try #require(sandbox.user("rdmn-optout"))
            let root = user.dropDirectory
            try FileManager.default.createDirectory(atPath: root + "/optout", withIntermediateDirectories: true)
            // Windows-1252 with CRLF, as Excel writes "CSV" on a Brazilian Windows: "Ação" is 41 E7 E3 6F.
            let upload =
                Array("Celular;A".utf8) + [0xE7, 0xE3]
                + Array("o\r\n11987654321;Incluir\r\n21987654322;INCLUIR\r\n21987654322;Excluir\r\n12;incluir\r\n".utf8)
            try Data(upload).write(to: URL(fileURLWithPath: root + "/optout/bloqueio.csv"))
            try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0x00])
                .write(to: URL(fileURLWithPath: root + "/optout/lista.csv"))
            try SFTPDropTests.giveToUser(root + "/optout", user)
            let yaml = """
                routes:
                  sim:
                    provider: simulator
                    rate: 100000
                    simulator: {submitLatency: 0ms, dlrDelay: 50ms}
                drops:

                """
                + SFTPDropTests.sftpDropYAML("remoto", user: user, sandbox: sandbox, extra: "    template: \"Oi\"")
            #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml)) == 0)

            #expect(DaemonFixture.files(in: root + "/optout").isEmpty)
            #expect(DaemonFixture.files(in: root + "/archive") == ["bloqueio.csv"])
            #expect(DaemonFixture.files(in: root + "/failed") == ["lista.csv"])
            let rows = try DaemonFixture.rows(root + "/outbox/bloqueio.csv.optout.csv")
            #expect(
                rows.map { Array($0.prefix(5)) } == [
                    ["2", "5511987654321", "add", "APPLIED", ""],
                    ["3", "5521987654322", "add", "APPLIED", ""],
                    ["4", "5521987654322", "remove", "APPLIED", ""],
                    ["5", "12", "add", "REJECTED", "INVALID_NUMBER"],
                ]
            )
            #expect(try DaemonFixture.rows(root + "/outbox/lista.csv.error.csv").first?.first == "BINARY_FILE")
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            #expect(
                try await store.suppressions(list: "drop:remoto", limit: 10).map(\.destination) == ["5511987654321"]
            )
            let report = try DaemonFixture.rows(root + "/outbox/optouts.0001.csv")
            #expect(report.map { $0[0] + ":" + $0[1] + ":" + $0[2] }.count == 3)
            #expect(report.allSatisfy { $0[2] == "client" })

            // The same name again, one line more: applied again (no DUPLICATE_FILE for opt-out uploads), its answer
            // published beside the first, which is never overwritten.
            try Data(upload + Array("31987654323;incluir\r\n".utf8))
                .write(to: URL(fileURLWithPath: root + "/optout/bloqueio.csv"))
            try SFTPDropTests.giveToUser(root + "/optout", user)
            #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml)) == 0)
            #expect(Set(DaemonFixture.files(in: root + "/archive")).count == 2)
            #expect(DaemonFixture.files(in: root + "/outbox").filter { $0.contains(".optout") }.count == 2)
            #expect(
                try await store.suppressions(list: "drop:remoto", limit: 10).map(\.destination)
                    == ["5511987654321", "5531987654323"]
            )
        }
    }
}
