import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

extension SFTPIntegrationTests {
    @Suite("Transfers")
    struct TransferTests {
        static let bigSize = 200_000_000

        @Test("Downloading 200 MB yields the same bytes and their SHA-256", .timeLimit(.minutes(3)))
        func download200MB() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/big-download.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: Self.bigSize, seed: 42)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            let expected = try TestFiles.sha256(ofFileAt: remote)
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/big.bin"
                let configuration = sandbox.clientConfiguration(for: user)
                let result = try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                    try await client.download("big-download.bin", to: local)
                }
                #expect(result.transfer.byteCount == UInt64(Self.bigSize))
                #expect(result.transfer.sha256 == expected)
                #expect(try TestFiles.sha256(ofFileAt: local) == expected)
                #expect(!result.remoteFileChanged)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["big.bin"])
            }
        }

        @Test("Uploading 200 MB stores the same bytes; the SHA-256 is computed on the way", .timeLimit(.minutes(3)))
        func upload200MB() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/big-upload.bin"
            defer { try? FileManager.default.removeItem(atPath: remote) }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/big.bin"
                try TestFiles.writePseudoRandomFile(at: local, size: Self.bigSize, seed: 7)
                let expected = try TestFiles.sha256(ofFileAt: local)
                let options = SFTPUploadOptions(computeSHA256: true)
                let configuration = sandbox.clientConfiguration(for: user)
                let result = try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                    try await client.upload(from: local, to: "big-upload.bin", options: options)
                }
                #expect(result.byteCount == UInt64(Self.bigSize))
                #expect(result.sha256 == expected)
                #expect(try TestFiles.sha256(ofFileAt: remote) == expected)
            }
        }

        @Test(
            "A file still growing is read to its end at that moment, consistently, and reported as changed",
            .timeLimit(.minutes(1))
        )
        func growingFile() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/growing.csv"
            let initialSize = 8 << 20
            try TestFiles.writePseudoRandomFile(at: remote, size: initialSize, seed: 3)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/growing.csv"
                var configuration = sandbox.clientConfiguration(for: user)
                configuration.transfer.readBufferSize = 256 << 10
                // The "client" keeps appending while the download runs: after every block Remessa reads.
                let appendix = Data(repeating: 0x41, count: 100_000)
                let result = try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                    try await client.download("growing.csv", to: local) { _ in
                        if let handle = FileHandle(forWritingAtPath: remote) {
                            handle.seekToEndOfFile()
                            handle.write(appendix)
                            try? handle.close()
                        }
                    }
                }
                let finalSize = try #require(try FileManager.default.attributesOfItem(atPath: remote)[.size] as? Int)
                #expect(result.remoteSizeAtOpen == UInt64(initialSize))
                #expect(result.transfer.byteCount >= UInt64(initialSize))
                #expect(result.transfer.byteCount <= UInt64(finalSize))
                #expect(result.remoteFileChanged)
                #expect(try TestFiles.sha256(ofFileAt: local) == result.transfer.sha256)
                let prefix = try TestFiles.sha256(ofFileAt: remote, length: result.transfer.byteCount)
                #expect(prefix == result.transfer.sha256)
            }
        }

        @Test("Empty files, no-overwrite uploads and explicit overwrites", .timeLimit(.minutes(1)))
        func emptyAndOverwrite() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            defer { try? FileManager.default.removeItem(atPath: "\(user.dropDirectory)/empty.txt") }
            try await TestSupport.withTemporaryDirectory { directory in
                let empty = "\(directory)/empty.txt"
                _ = FileManager.default.createFile(atPath: empty, contents: Data())
                let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                    let uploaded = try await client.upload(from: empty, to: "empty.txt")
                    #expect(uploaded == SFTPUploadResult(byteCount: 0, sha256: nil))
                    let downloaded = try await client.download("empty.txt", to: "\(directory)/back.txt")
                    #expect(downloaded.transfer == SFTPTransferResult(byteCount: 0, sha256: emptyHash))

                    let full = "\(directory)/full.txt"
                    _ = FileManager.default.createFile(atPath: full, contents: Data("numero;texto\n".utf8))
                    let taken = await TestSupport.sftpError { _ = try await client.upload(from: full, to: "empty.txt") }
                    #expect(taken?.code == .fileExists)
                    #expect(try await client.attributes(at: "empty.txt").size == 0)
                    _ = try await client.upload(
                        from: full,
                        to: "empty.txt",
                        options: SFTPUploadOptions(overwrite: true)
                    )
                    #expect(try await client.attributes(at: "empty.txt").size == 13)
                    // Permissions apply to a file the upload creates.
                    _ = try await client.upload(
                        from: full,
                        to: "private.txt",
                        options: SFTPUploadOptions(permissions: 0o600)
                    )
                    #expect(try await client.attributes(at: "private.txt").permissions == 0o600)
                    try await client.remove("private.txt")
                    #expect(try await client.sha256(ofFileAt: "empty.txt").sha256 == TestFiles.sha256(ofFileAt: full))
                }
            }
        }

        @Test("A failed download leaves no local file behind", .timeLimit(.minutes(1)))
        func failedDownloadCleansUp() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            try await TestSupport.withTemporaryDirectory { directory throws in
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) {
                        _ = try await $0.download("nope.csv", to: "\(directory)/nope.csv")
                    }
                }
                #expect(error?.code == .noSuchFile)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
            }
        }
    }
}
