import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Permissions and names")
    struct PermissionAndNameTests {
        @Test(
            "Reading a root-only file and writing into a root-owned folder are permissionDenied",
            .timeLimit(.minutes(1))
        )
        func permissionDenied() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let secret = "\(user.dropDirectory)/root-only.csv"
            let locked = "\(user.dropDirectory)/locked"
            _ = FileManager.default.createFile(
                atPath: secret,
                contents: Data("x".utf8),
                attributes: [.posixPermissions: 0o600]
            )
            try FileManager.default.createDirectory(
                atPath: locked,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
            defer {
                try? FileManager.default.removeItem(atPath: secret)
                try? FileManager.default.removeItem(atPath: locked)
            }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/upload.csv"
                _ = FileManager.default.createFile(atPath: local, contents: Data("y".utf8))
                try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                    let read = await TestSupport.sftpError {
                        _ = try await client.download("root-only.csv", to: "\(directory)/x")
                    }
                    #expect(read?.code == .permissionDenied)
                    #expect(read?.sftpStatus == 3)
                    let write = await TestSupport.sftpError {
                        _ = try await client.upload(from: local, to: "locked/upload.csv")
                    }
                    #expect(write?.code == .permissionDenied)
                    let mkdir = await TestSupport.sftpError { try await client.makeDirectory("locked/sub") }
                    #expect(mkdir?.code == .permissionDenied)
                    let outside = await TestSupport.sftpError { try await client.remove("/drop") }
                    #expect(outside != nil)
                    // The session survives such refusals.
                    let home = try await client.canonicalPath(".")
                    #expect(home == "/drop")
                }
            }
        }

        @Test("Paths with spaces and UTF-8 work for every operation", .timeLimit(.minutes(1)))
        func spacesAndUTF8() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folderName = "pasta com espaço/relatórios de março"
            let fileName = "relatório ação 2024 – São Paulo 😀.csv"
            defer { try? FileManager.default.removeItem(atPath: "\(user.dropDirectory)/pasta com espaço") }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/local.csv"
                _ = FileManager.default.createFile(
                    atPath: local,
                    contents: Data("numero;texto\n5511987654321;Olá, João!\n".utf8)
                )
                try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                    try await client.makeDirectory(folderName, intermediateDirectories: true)
                    let uploaded = try await client.upload(
                        from: local,
                        to: "\(folderName)/\(fileName)",
                        options: SFTPUploadOptions(computeSHA256: true)
                    )
                    var names: [String] = []
                    for try await entry in client.list(folderName) {
                        names.append(entry.name)
                    }
                    #expect(names == [fileName])
                    #expect(try await client.attributes(at: "\(folderName)/\(fileName)").size == uploaded.byteCount)
                    let downloaded = try await client.download(
                        "\(folderName)/\(fileName)",
                        to: "\(directory)/\(fileName)"
                    )
                    #expect(downloaded.transfer.sha256 == uploaded.sha256)
                    #expect(downloaded.transfer.byteCount == uploaded.byteCount)
                    let renamed = "\(folderName)/cópia final ✓.csv"
                    try await client.rename("\(folderName)/\(fileName)", to: renamed)
                    let published = try await client.publish(from: local, to: "\(folderName)/\(fileName)")
                    #expect(published.path == "\(folderName)/\(fileName)")
                    try await client.remove(renamed)
                    try await client.remove(published.path)
                    try await client.removeDirectory(folderName)
                }
                #expect(FileManager.default.fileExists(atPath: "\(user.dropDirectory)/pasta com espaço"))
                #expect(!FileManager.default.fileExists(atPath: "\(user.dropDirectory)/\(folderName)"))
            }
        }
    }
}
