import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Safe publishing")
    struct PublishTests {
        @Test(
            "Rename never overwrites: renaming onto an existing name is fileExists and both files stay",
            .timeLimit(.minutes(1))
        )
        func renameIntoExistingName() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/rename"
            try TestSupport.makeUserDirectory(folder, owner: user)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            _ = FileManager.default.createFile(atPath: "\(folder)/a.csv", contents: Data("a".utf8))
            _ = FileManager.default.createFile(atPath: "\(folder)/b.csv", contents: Data("bb".utf8))
            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                let error = await TestSupport.sftpError { try await client.rename("rename/a.csv", to: "rename/b.csv") }
                #expect(error?.code == .fileExists)
                #expect(error?.path == "rename/b.csv")
                #expect(error?.sftpStatus == 4)
                try await client.rename("rename/a.csv", to: "rename/c.csv")
                let missing = await TestSupport.sftpError {
                    try await client.rename("rename/a.csv", to: "rename/d.csv")
                }
                #expect(missing?.code == .noSuchFile)
            }
            #expect(try String(contentsOfFile: "\(folder)/b.csv", encoding: .utf8) == "bb")
            #expect(try String(contentsOfFile: "\(folder)/c.csv", encoding: .utf8) == "a")
        }

        @Test(
            "Publishing uses a hidden temporary name, then a unique suffix when the name is taken",
            .timeLimit(.minutes(1))
        )
        func uniqueSuffix() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/outbox-suffix"
            try TestSupport.makeUserDirectory(folder, owner: user)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await TestSupport.withTemporaryDirectory { directory in
                let first = "\(directory)/first.csv"
                let second = "\(directory)/second.csv"
                _ = FileManager.default.createFile(
                    atPath: first,
                    contents: Data("line;destination\n1;5511987654321\n".utf8)
                )
                _ = FileManager.default.createFile(
                    atPath: second,
                    contents: Data("line;destination\n1;5521987654321\n".utf8)
                )
                try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                    let a = try await client.publish(from: first, to: "outbox-suffix/clientes.csv.result.csv")
                    #expect(a.path == "outbox-suffix/clientes.csv.result.csv")
                    #expect(!a.wasAlreadyPublished)
                    let b = try await client.publish(from: second, to: "outbox-suffix/clientes.csv.result.csv")
                    #expect(b.path == "outbox-suffix/clientes.csv.result-1.csv")
                    let c = try await client.publish(from: second, to: "outbox-suffix/clientes.csv.result.csv")
                    #expect(c.path == b.path)
                    #expect(c.wasAlreadyPublished)
                    #expect(c.content == b.content)
                }
                let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                #expect(names == ["clientes.csv.result-1.csv", "clientes.csv.result.csv"])
                #expect(
                    try TestFiles.sha256(ofFileAt: "\(folder)/clientes.csv.result.csv")
                        == TestFiles.sha256(ofFileAt: first)
                )
                #expect(
                    try TestFiles.sha256(ofFileAt: "\(folder)/clientes.csv.result-1.csv")
                        == TestFiles.sha256(ofFileAt: second)
                )
            }
        }

        @Test("A retry after a crash recognises its earlier upload instead of duplicating it", .timeLimit(.minutes(1)))
        func retryAfterCrash() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/outbox-crash"
            try TestSupport.makeUserDirectory(folder, owner: user)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/report.csv"
                try TestFiles.writePseudoRandomFile(at: local, size: 3_000_000, seed: 11)
                let hash = try TestFiles.sha256(ofFileAt: local)
                let temporary = "\(folder)/.report.csv.remessa.part"

                // Crash during the upload: a partial temporary file is left; the retry overwrites it.
                _ = FileManager.default.createFile(atPath: temporary, contents: Data(repeating: 1, count: 1000))
                try TestSupport.chown(temporary, to: user)
                let log = LogCapture()
                let published = try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: log) {
                    try await $0.publish(from: local, to: "outbox-crash/report.csv")
                }
                #expect(published.path == "outbox-crash/report.csv")
                #expect(!published.wasAlreadyPublished)
                #expect(!FileManager.default.fileExists(atPath: temporary))

                // Crash after the rename but before the caller recorded it: the retry finds the file.
                let again = try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: log) {
                    try await $0.publish(from: local, to: "outbox-crash/report.csv")
                }
                #expect(again.path == "outbox-crash/report.csv")
                #expect(again.wasAlreadyPublished)

                // Crash after the upload but before the rename: the complete temporary file is reused.
                try FileManager.default.removeItem(atPath: "\(folder)/report.csv")
                try FileManager.default.copyItem(atPath: local, toPath: temporary)
                try TestSupport.chown(temporary, to: user)
                let longAgo = Date(timeIntervalSince1970: 1_000_000_000)
                try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: temporary)
                let reused = try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: log) {
                    try await $0.publish(from: local, to: "outbox-crash/report.csv")
                }
                #expect(reused.path == "outbox-crash/report.csv")
                #expect(log.contains(message: "SFTP publish reusing a complete temporary file"))
                // Renamed, not rewritten: the old modification time survived.
                let modified =
                    try FileManager.default.attributesOfItem(atPath: "\(folder)/report.csv")[.modificationDate] as? Date
                #expect(modified == longAgo)
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.csv"])
                #expect(try TestFiles.sha256(ofFileAt: "\(folder)/report.csv") == hash)
            }
        }
    }
}
