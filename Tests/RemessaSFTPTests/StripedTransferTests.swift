import Foundation
import RemessaSFTP
import RemessaTesting
import Synchronization
import Testing

extension SFTPIntegrationTests {
    @Suite("Striped transfers")
    struct StripedTransferTests {
        /// Five stripes and a bit: the last stripe is short.
        static let size = (5 << 20) + 12_345

        /// Small buffers and 1 MiB stripes, so a few MiB go over `sessions` sessions.
        static func striped(_ configuration: SFTPConfiguration, sessions: Int = 3) -> SFTPConfiguration {
            var configuration = configuration
            configuration.transfer.readBufferSize = 256 << 10
            configuration.transfer.uploadBlockSize = 128 << 10
            configuration.transfer.stripeSize = 1 << 20
            configuration.transfer.parallelThreshold = 1 << 20
            configuration.transfer.parallelSessions = sessions
            return configuration
        }

        @Test("A striped download over three sessions yields the same bytes and SHA-256", .timeLimit(.minutes(1)))
        func download() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/striped-download.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: Self.size, seed: 11)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            let expected = try TestFiles.sha256(ofFileAt: remote)
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/striped.bin"
                let log = LogCapture()
                let configuration = Self.striped(sandbox.clientConfiguration(for: user))
                let progress = Mutex<[UInt64]>([])
                let result = try await TestSupport.withClient(configuration, log: log) { client in
                    try await client.download("striped-download.bin", to: local) { bytes in
                        progress.withLock { $0.append(bytes) }
                    }
                }
                let reported = progress.withLock { $0 }
                #expect(result.transfer == SFTPTransferResult(byteCount: UInt64(Self.size), sha256: expected))
                #expect(try TestFiles.sha256(ofFileAt: local) == expected)
                #expect(!result.remoteFileChanged)
                #expect(log.count(message: "SFTP connected") == 3)
                #expect(!log.contains(message: "SFTP striped download went on with fewer sessions"))
                #expect(reported.last == UInt64(Self.size))
                #expect(reported == reported.sorted())
            }
        }

        @Test(
            "Striped uploads and publications store the same bytes; the SHA-256 is of what was sent",
            .timeLimit(.minutes(1))
        )
        func upload() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let uploaded = "\(user.dropDirectory)/striped-upload.bin"
            let published = "\(user.dropDirectory)/striped-published.bin"
            defer {
                try? FileManager.default.removeItem(atPath: uploaded)
                try? FileManager.default.removeItem(atPath: published)
            }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/striped.bin"
                try TestFiles.writePseudoRandomFile(at: local, size: Self.size, seed: 12)
                let expected = try TestFiles.sha256(ofFileAt: local)
                let log = LogCapture()
                let configuration = Self.striped(sandbox.clientConfiguration(for: user))
                try await TestSupport.withClient(configuration, log: log) { client in
                    let progress = Mutex<[UInt64]>([])
                    let result = try await client.upload(
                        from: local,
                        to: "striped-upload.bin",
                        options: SFTPUploadOptions(fsync: true, computeSHA256: true)
                    ) { bytes in
                        progress.withLock { $0.append(bytes) }
                    }
                    #expect(result == SFTPUploadResult(byteCount: UInt64(Self.size), sha256: expected))
                    #expect(progress.withLock { $0.last } == UInt64(Self.size))
                    let publication = try await client.publish(from: local, to: "striped-published.bin")
                    #expect(publication.content == SFTPTransferResult(byteCount: UInt64(Self.size), sha256: expected))
                    #expect(!publication.wasAlreadyPublished)
                }
                #expect(try TestFiles.sha256(ofFileAt: uploaded) == expected)
                #expect(try TestFiles.sha256(ofFileAt: published) == expected)
                // One login for the client, two extra ones for each of the two uploads. On a loaded machine an extra
                // login may fail; the transfer then goes on without it (tested below), so count those as well.
                let extraUnavailable = log.count(message: "SFTP extra session for a striped upload unavailable")
                #expect(log.count(message: "SFTP connected") + extraUnavailable == 5)
                #expect(
                    try FileManager.default.contentsOfDirectory(atPath: user.dropDirectory).filter { $0.hasPrefix(".") }
                        .isEmpty
                )
            }
        }

        @Test(
            "When extra sessions cannot log in, the transfer goes on over the one it has",
            .timeLimit(.minutes(1))
        )
        func extraSessionsUnavailable() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/striped-alone.bin"
            let back = "\(user.dropDirectory)/striped-alone-back.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: Self.size, seed: 13)
            defer {
                try? FileManager.default.removeItem(atPath: remote)
                try? FileManager.default.removeItem(atPath: back)
            }
            let expected = try TestFiles.sha256(ofFileAt: remote)
            try await TestSupport.withTemporaryDirectory { directory in
                // The key is rotated away after the first login: later logins fail.
                let key = "\(directory)/id_ed25519"
                try FileManager.default.copyItem(atPath: user.privateKeyPath, toPath: key)
                let log = LogCapture()
                let configuration = Self.striped(
                    sandbox.clientConfiguration(for: user, authentication: .privateKey(path: key, passphrase: nil))
                )
                try await TestSupport.withClient(configuration, log: log) { client in
                    try await client.connect()
                    try FileManager.default.removeItem(atPath: key)
                    let download = try await client.download("striped-alone.bin", to: "\(directory)/alone.bin")
                    #expect(download.transfer == SFTPTransferResult(byteCount: UInt64(Self.size), sha256: expected))
                    let upload = try await client.upload(
                        from: "\(directory)/alone.bin",
                        to: "striped-alone-back.bin",
                        options: SFTPUploadOptions(computeSHA256: true)
                    )
                    #expect(upload.sha256 == expected)
                }
                #expect(try TestFiles.sha256(ofFileAt: back) == expected)
                #expect(log.count(message: "SFTP extra session for a striped download unavailable") == 2)
                #expect(log.count(message: "SFTP extra session for a striped upload unavailable") == 2)
                #expect(log.contains(message: "SFTP striped download went on with fewer sessions"))
                #expect(log.contains(message: "SFTP striped upload went on with fewer sessions"))
            }
        }

        @Test("A file that gets shorter during a striped download fails it and leaves nothing", .timeLimit(.minutes(1)))
        func shrinkingFile() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/striped-shrinking.bin"
            try TestFiles.writePseudoRandomFile(at: remote, size: 16 << 20, seed: 14)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            try await TestSupport.withTemporaryDirectory { directory throws in
                let configuration = Self.striped(sandbox.clientConfiguration(for: user))
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                        // The client replaces the file with a shorter one as soon as the first block is in.
                        _ = try await client.download("striped-shrinking.bin", to: "\(directory)/shrinking.bin") { _ in
                            truncate(remote, 1_500_000)
                        }
                    }
                }
                #expect(error?.code == .remoteFileChanged)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
            }
        }

        @Test(
            "A local file that gets shorter during a striped upload fails it and leaves nothing on the server",
            .timeLimit(.minutes(1))
        )
        func shrinkingLocalFile() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/striped-shrinking-upload.bin"
            defer { try? FileManager.default.removeItem(atPath: remote) }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/shrinking.bin"
                try TestFiles.writePseudoRandomFile(at: local, size: 16 << 20, seed: 16)
                let configuration = Self.striped(sandbox.clientConfiguration(for: user))
                let error = await TestSupport.sftpError {
                    try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                        // Cut short as soon as the first stripe is acknowledged: later stripes find less than planned.
                        _ = try await client.upload(from: local, to: "striped-shrinking-upload.bin") { _ in
                            truncate(local, 1_500_000)
                        }
                    }
                }
                #expect(error?.code == .localFileChanged)
                #expect(error?.path == local)
                #expect(!FileManager.default.fileExists(atPath: remote))
            }
        }

        @Test("A growing file is striped up to its size at open, then read to its end", .timeLimit(.minutes(1)))
        func growingFile() async throws {
            let sandbox = try SandboxFixture.current()
            let user = try SandboxFixture.user(SandboxFixture.keyUser)
            let remote = "\(user.dropDirectory)/striped-growing.bin"
            let initialSize = 4 << 20
            try TestFiles.writePseudoRandomFile(at: remote, size: initialSize, seed: 15)
            defer { try? FileManager.default.removeItem(atPath: remote) }
            try await TestSupport.withTemporaryDirectory { directory in
                let local = "\(directory)/growing.bin"
                let configuration = Self.striped(sandbox.clientConfiguration(for: user))
                let appendix = Data(repeating: 0x42, count: 100_000)
                let result = try await TestSupport.withClient(configuration, log: LogCapture()) { client in
                    try await client.download("striped-growing.bin", to: local) { _ in
                        if let handle = FileHandle(forWritingAtPath: remote) {
                            handle.seekToEndOfFile()
                            handle.write(appendix)
                            try? handle.close()
                        }
                    }
                }
                #expect(result.remoteSizeAtOpen == UInt64(initialSize))
                #expect(result.transfer.byteCount > UInt64(initialSize))
                #expect(result.remoteFileChanged)
                #expect(try TestFiles.sha256(ofFileAt: local) == result.transfer.sha256)
                let prefix = try TestFiles.sha256(ofFileAt: remote, length: result.transfer.byteCount)
                #expect(prefix == result.transfer.sha256)
            }
        }
    }
}
