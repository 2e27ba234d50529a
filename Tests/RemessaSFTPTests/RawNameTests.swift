import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension SFTPIntegrationTests {
    @Suite("Names that are not UTF-8")
    struct RawNameTests {
        @Test("A Latin-1 name lists with its bytes and is renamed by them to a UTF-8 name", .timeLimit(.minutes(1)))
        func latin1Rename() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let folder = "\(user.dropDirectory)/latin1"
            try TestSupport.makeUserDirectory(folder, owner: user)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // "relatório.csv" in Latin-1: ó is the single byte 0xF3.
            let latin1: [UInt8] = Array("relat".utf8) + [0xF3] + Array("rio.csv".utf8)
            let descriptor = (Array(folder.utf8) + [UInt8(ascii: "/")] + latin1 + [0]).withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
            }
            #expect(descriptor >= 0)
            _ = "telefone\n11987654321\n".withCString { write(descriptor, $0, 21) }
            close(descriptor)
            try TestSupport.chown(folder, to: user)

            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                let files = try await client.oldestRegularFiles(in: "latin1", limit: 10)
                let entry = try #require(files.first)
                #expect(files.count == 1)
                #expect(entry.nameBytes == latin1)
                #expect(!entry.hasUTF8Name)
                #expect(entry.name == "relat\u{FFFD}rio.csv")
                #expect(entry.attributes.size == 21)

                // The decoded name does not reach the file; its bytes do.
                let missing = await TestSupport.sftpError {
                    try await client.rename("latin1/\(entry.name)", to: "latin1/x.csv")
                }
                #expect(missing?.code == .noSuchFile)
                try await client.rename(bytes: Array("latin1/".utf8) + entry.nameBytes, to: "latin1/relatório.csv")
                let renamed = try await client.oldestRegularFiles(in: "latin1", limit: 10)
                #expect(renamed.map(\.name) == ["relatório.csv"])
                #expect(renamed.first?.hasUTF8Name == true)
            }
            #expect(FileManager.default.fileExists(atPath: "\(folder)/relatório.csv"))
        }
    }
}
