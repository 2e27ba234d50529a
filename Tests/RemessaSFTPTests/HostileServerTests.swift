import Foundation
import RemessaSFTP
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Against ``HostileSFTPServer`` behind the real sshd: absurd attributes are errors with a clear code, never a
/// trap, and the client stays usable afterwards.
@Suite(.serialized, .hostileSandbox)
struct HostileServerTests {
    @Test("Sizes of 2^63 and 2^64-1 in a listing, a stat and a download are implausibleValue", .timeLimit(.minutes(2)))
    func absurdSizes() async throws {
        let (sandbox, user) = try HostileFixture.current()
        for name in ["HUGE63.csv", "HUGE64.csv"] {
            let folder = try HostileFixture.freshFolder(user)
            _ = FileManager.default.createFile(atPath: "\(folder.local)/\(name)", contents: Data("x\n".utf8))
            try await TestSupport.withTemporaryDirectory { directory in
                try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                    let listing = await TestSupport.sftpError {
                        _ = try await client.oldestRegularFiles(in: folder.remote, limit: 10)
                    }
                    #expect(listing?.code == .implausibleValue)
                    #expect(listing?.description.contains(name) == true)
                    let stat = await TestSupport.sftpError {
                        _ = try await client.attributes(at: "\(folder.remote)/\(name)")
                    }
                    #expect(stat?.code == .implausibleValue)
                    let download = await TestSupport.sftpError {
                        _ = try await client.download("\(folder.remote)/\(name)", to: "\(directory)/\(name)")
                    }
                    #expect(download?.code == .implausibleValue)
                    // The session is still good: the next request works on the same connection.
                    let path = try await client.canonicalPath(folder.remote)
                    #expect(path == folder.remote)
                }
            }
        }
    }

    @Test("A time of 2^32-1 (the most SFTP v3 carries) lists, stats and downloads", .timeLimit(.minutes(1)))
    func latestTime() async throws {
        let (sandbox, user) = try HostileFixture.current()
        let folder = try HostileFixture.freshFolder(user)
        _ = FileManager.default.createFile(atPath: "\(folder.local)/MTIMEMAX.csv", contents: Data("x\n".utf8))
        try await TestSupport.withTemporaryDirectory { directory in
            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                let files = try await client.oldestRegularFiles(in: folder.remote, limit: 10)
                #expect(files.map(\.name) == ["MTIMEMAX.csv"])
                #expect(files.first?.attributes.modificationTime?.timeIntervalSince1970 == 4_294_967_295)
                let attributes = try await client.attributes(at: "\(folder.remote)/MTIMEMAX.csv")
                #expect(attributes.modificationTime?.timeIntervalSince1970 == 4_294_967_295)
                let result = try await client.download("\(folder.remote)/MTIMEMAX.csv", to: "\(directory)/m.csv")
                #expect(result.transfer.byteCount == 2)
            }
        }
    }

    @Test("A READDIR claiming 2^32-1 names, or a READ longer than asked, fails cleanly", .timeLimit(.minutes(1)))
    func hostileCounts() async throws {
        let (sandbox, user) = try HostileFixture.current()
        let folder = try HostileFixture.freshFolder(user)
        for index in 0..<3 {
            _ = FileManager.default.createFile(atPath: "\(folder.local)/\(index).csv", contents: Data())
        }
        _ = FileManager.default.createFile(atPath: "\(folder.local)/.hostile-count", contents: Data())
        let other = try HostileFixture.freshFolder(user)
        _ = FileManager.default.createFile(
            atPath: "\(other.local)/LONGREAD.csv",
            contents: Data(repeating: 0x41, count: 100_000)
        )
        try await TestSupport.withTemporaryDirectory { directory in
            try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) { client in
                let listing = await TestSupport.sftpError {
                    _ = try await client.oldestRegularFiles(in: folder.remote, limit: 10)
                }
                #expect(listing != nil)
                let read = await TestSupport.sftpError {
                    _ = try await client.download("\(other.remote)/LONGREAD.csv", to: "\(directory)/l.csv")
                }
                #expect(read != nil)
                // The client recovers (reconnecting if libssh2 gave the session up).
                let path = try await client.canonicalPath(other.remote)
                #expect(path == other.remote)
            }
        }
    }

    @Test("Two million entries are read as a stream and only the 10,000 oldest kept", .timeLimit(.minutes(5)))
    func twoMillionEntries() async throws {
        let (sandbox, user) = try HostileFixture.current()
        let folder = try HostileFixture.freshFolder(user)
        let count = 2_000_000
        let limit = 10_000
        _ = FileManager.default.createFile(atPath: "\(folder.local)/.generate-\(count)", contents: Data())
        let before = HostileFixture.peakResidentKiB()
        let files = try await TestSupport.withClient(sandbox.clientConfiguration(for: user), log: LogCapture()) {
            try await $0.oldestRegularFiles(in: folder.remote, limit: limit, batchSize: 1_000)
        }
        let after = HostileFixture.peakResidentKiB()
        print("HostileServerTests.twoMillionEntries: peak RSS \(before) KiB before, \(after) KiB after")
        let epoch = Double(HostileSFTPServer.generatedEpoch)
        let times = files.compactMap { $0.attributes.modificationTime?.timeIntervalSince1970 }
        #expect(files.count == limit)
        #expect(times == (0..<limit).map { epoch + Double($0) })
        // Two million entries held at once would take hundreds of MB; the kept ten thousand take a few.
        #expect(after - before < 150_000)
    }
}

/// Where the hostile sandbox's tests find it.
enum HostileFixture {
    static let user = "rsftp-hostile"

    static func current(sourceLocation: SourceLocation = #_sourceLocation) throws -> (SSHDSandbox, SSHDSandboxUser) {
        let sandbox = try #require(
            SandboxFixture.sandbox,
            "needs the .hostileSandbox trait",
            sourceLocation: sourceLocation
        )
        return (sandbox, try #require(sandbox.user(Self.user), sourceLocation: sourceLocation))
    }

    /// A new folder in the user's drop, on disk and as the server shows it.
    static func freshFolder(_ user: SSHDSandboxUser) throws -> (local: String, remote: String) {
        let name = "t-\(UUID().uuidString.prefix(8).lowercased())"
        let local = "\(user.dropDirectory)/\(name)"
        try TestSupport.makeUserDirectory(local, owner: user)
        return (local, "\(user.remoteDropPath)/\(name)")
    }

    /// This process's peak resident set (`VmHWM`), in KiB.
    static func peakResidentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
