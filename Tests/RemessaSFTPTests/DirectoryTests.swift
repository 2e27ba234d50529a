import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Directories")
    struct DirectoryTests {
        @Test("A folder of 20,000 files streams out completely", .timeLimit(.minutes(2)))
        func twentyThousandFiles() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/many"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var expected: Set<String> = []
            for index in 0..<20_000 {
                let name = String(format: "contatos-%05d.csv", index)
                expected.insert(name)
                _ = FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data("\(index)\n".utf8))
            }

            let log = LogCapture()
            let (names, folderPath) = try await TestSupport.withClient(
                sandbox.clientConfiguration(for: user),
                log: log
            ) { client in
                var names: Set<String> = []
                var sizes = 0
                for try await entry in client.list("many", batchSize: 500) {
                    #expect(entry.attributes.type == .regular)
                    sizes += Int(entry.attributes.size ?? 0)
                    names.insert(entry.name)
                }
                #expect(sizes > 20_000)
                // The client is usable afterwards, and no handle is left open.
                return (names, try await client.canonicalPath("many"))
            }
            #expect(names.count == 20_000)
            #expect(names == expected)
            #expect(folderPath == "/drop/many")
        }

        @Test(
            "Listing a missing folder is noSuchFile; abandoning a listing early leaves the client usable",
            .timeLimit(.minutes(1))
        )
        func missingAndAbandoned() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/few"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for index in 0..<10 {
                _ = FileManager.default.createFile(atPath: "\(folder)/\(index).txt", contents: Data())
            }
            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                let error = await TestSupport.sftpError {
                    for try await _ in client.list("does-not-exist") {}
                }
                #expect(error?.code == .noSuchFile)
                #expect(error?.path == "does-not-exist")

                for _ in 0..<50 {
                    var iterator = client.list("few", batchSize: 2).makeAsyncIterator()
                    _ = try await iterator.next()
                }
                var count = 0
                for try await _ in client.list("few") {
                    count += 1
                }
                #expect(count == 10)
            }
        }

        @Test("mkdir, mkdir -p, rmdir, and mkdir onto an existing name", .timeLimit(.minutes(1)))
        func makeAndRemoveDirectories() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            defer { try? FileManager.default.removeItem(atPath: "\(user.dropDirectory)/tree") }
            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                try await client.makeDirectory("tree/a/b", intermediateDirectories: true)
                try await client.makeDirectory("tree/a/b", intermediateDirectories: true)
                #expect(try await client.attributes(at: "tree/a/b").type == .directory)
                let exists = await TestSupport.sftpError { try await client.makeDirectory("tree/a") }
                #expect(exists?.code == .fileExists)
                try await client.removeDirectory("tree/a/b")
                #expect(try await client.attributesIfExists(at: "tree/a/b") == nil)
                let notEmpty = await TestSupport.sftpError { try await client.removeDirectory("tree") }
                #expect(notEmpty != nil)
            }
        }
    }
}
