import Foundation
import InMemoryLogging
import Logging
import RemessaCore
import RemessaDaemon
import RemessaDrops
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A client who can write its local drop tries to reach other files through it (contract section 14).
@Suite("Local drops never follow what a client planted", .serialized, .timeLimit(.minutes(3)))
struct HostileLocalDropTests {
    static let numbers = "telefone;nome\n11987654321;Ana\n"
    static let otherClientNumbers = "telefone;nome\n21999990001;Zeca\n21999990002;Yara\n"

    @Test("Links, FIFOs, sockets and folders in inbox/ are NOT_A_REGULAR_FILE, moved to failed/ unread")
    func notRegularFiles() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let other = try fixture.localDrop("other")
        try Self.otherClientNumbers.write(toFile: other + "/inbox/segredo.csv", atomically: true, encoding: .utf8)
        try Self.numbers.write(toFile: acme + "/inbox/boa.csv", atomically: true, encoding: .utf8)
        #expect(symlink(other + "/inbox/segredo.csv", acme + "/inbox/link.csv") == 0)
        #expect(mkfifo(acme + "/inbox/pipe.csv", 0o666) == 0)
        try FileManager.default.createDirectory(atPath: acme + "/inbox/pasta.csv", withIntermediateDirectories: false)
        try Self.bindSocket(acme + "/inbox/sock.csv")
        // The other drop is not configured: its file must stay where it is, unread by acme.
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        #expect(DaemonFixture.files(in: acme + "/archive") == ["boa.csv"])
        #expect(DaemonFixture.files(in: acme + "/failed") == ["link.csv", "pasta.csv", "pipe.csv", "sock.csv"])
        for name in ["link.csv", "pasta.csv", "pipe.csv", "sock.csv"] {
            let errors = try DaemonFixture.rows(acme + "/outbox/" + name + ".error.csv")
            #expect(errors.first?.first == "NOT_A_REGULAR_FILE", "\(name)")
        }
        #expect(Self.type(acme + "/failed/link.csv") == .typeSymbolicLink, "moved as a link")
        #expect(Self.type(acme + "/failed/pipe.csv").map { $0 != .typeRegular } == true, "a FIFO moved as itself")
        // Nothing of the other client's file reached acme's outbox.
        for name in DaemonFixture.files(in: acme + "/outbox") {
            let text = try DaemonFixture.text(acme + "/outbox/" + name)
            #expect(!text.contains("21999990001"), "\(name)")
        }
        #expect(try DaemonFixture.text(other + "/inbox/segredo.csv") == Self.otherClientNumbers)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.batches().count == 1)
    }

    @Test("A drop folder replaced by a link fails the poll naming the folder; nothing is written through it")
    func symlinkedFolders() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let other = try fixture.localDrop("other")
        try Self.numbers.write(toFile: acme + "/inbox/ruim.csv", atomically: true, encoding: .utf8)
        // failed/ points at another client's inbox; processing/ at a place of acme's choosing.
        #expect(symlink(other + "/inbox", acme + "/failed") == 0)
        #expect(symlink(other + "/inbox", acme + "/processing") == 0)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 75)
        #expect(DaemonFixture.files(in: other + "/inbox").isEmpty)
        #expect(DaemonFixture.files(in: acme + "/inbox") == ["ruim.csv"])
        let logs = fixture.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(logs.contains("is a symbolic link or not a folder"))
        #expect(logs.contains("processing") || logs.contains("failed"))
    }

    @Test("A link planted where the outbox's temporary file will be is removed, never written through")
    func plantedTemporaryFile() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let victim = fixture.root + "/victim"
        try "precious".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: acme + "/outbox", withIntermediateDirectories: false)
        #expect(symlink(victim, acme + "/outbox/.a.csv.result.csv.remessa.part") == 0)
        #expect(symlink(victim, acme + "/outbox/a.csv.result.csv") == 0)
        try Self.numbers.write(toFile: acme + "/inbox/a.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(try DaemonFixture.text(victim) == "precious")
        // The planted link keeps its name; the result takes the next one, as a regular 0640 file.
        let outbox = DaemonFixture.files(in: acme + "/outbox").filter { $0.hasPrefix("a.csv") }
        #expect(outbox.contains("a.csv.result-1.csv"))
        let attributes = try FileManager.default.attributesOfItem(atPath: acme + "/outbox/a.csv.result-1.csv")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.posixPermissions] as? Int == 0o640)
        #expect(!DaemonFixture.files(in: acme + "/outbox").contains { $0.hasSuffix(".remessa.part") })
    }

    @Test("A name too long for its suffixes is NAME_TOO_LONG under a shortened error name; the drop goes on")
    func nameTooLong() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let long = String(repeating: "x", count: 251) + ".csv"
        let edge = String(repeating: "y", count: 236) + ".csv"
        try Self.numbers.write(toFile: acme + "/inbox/" + long, atomically: false, encoding: .utf8)
        try Self.numbers.write(toFile: acme + "/inbox/" + edge, atomically: false, encoding: .utf8)
        try "telefone;nome\n21987654321;Bia\n".write(
            toFile: acme + "/inbox/curto.csv",
            atomically: false,
            encoding: .utf8
        )
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: acme + "/archive") == ["curto.csv"])
        #expect(DaemonFixture.files(in: acme + "/failed").count == 2)
        let errorFiles = DaemonFixture.files(in: acme + "/outbox").filter { $0.hasSuffix(".error.csv") }
        #expect(errorFiles.count == 2)
        for name in errorFiles {
            #expect(name.utf8.count <= 255)
            #expect(try DaemonFixture.rows(acme + "/outbox/" + name).first?.first == "NAME_TOO_LONG")
        }
        #expect(DaemonFixture.files(in: acme + "/inbox").isEmpty)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.recentFiles(limit: 10).count == 3)
    }

    @Test("A Windows-1252 name is processed once, read as Windows-1252 in every output; control characters escaped")
    func foreignNames() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let latin1: [UInt8] = Array((acme + "/inbox/relat").utf8) + [0xF3] + Array("rio.csv".utf8) + [0]
        let descriptor = latin1.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = Self.numbers.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        try "telefone;nome\n21987654321;Bia\n".write(
            toFile: acme + "/inbox/linha\nfalsa.csv",
            atomically: false,
            encoding: .utf8
        )
        let configuration = try fixture.configuration(
            "drops:\n" + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: acme + "/archive") == ["linha\nfalsa.csv", "relatório.csv"])
        #expect(DaemonFixture.files(in: acme + "/outbox").contains("relatório.csv.result.csv"))
        #expect(DaemonFixture.files(in: acme + "/inbox").isEmpty)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let files = try await store.recentFiles(limit: 10)
        #expect(files.count == 2, "each file claimed once")
        #expect(Set(files.map(\.name)) == ["relatório.csv", "linha\nfalsa.csv"])
        let names = fixture.logs.entries.compactMap { $0.metadata["remessa.file.name"]?.description }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { !$0.contains("\n") }, "a file name forged a log line")
        #expect(names.contains("linha\\nfalsa.csv"))
    }

    @Test("FILE_TOO_LARGE is judged from the listing: nothing is downloaded")
    func tooLargeFromListing() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let big = String(repeating: "11987654321;Ana\n", count: 100)
        try ("telefone;nome\n" + big).write(toFile: acme + "/inbox/grande.csv", atomically: false, encoding: .utf8)
        let configuration = try fixture.configuration(
            "drops:\n"
                + localDropYAML("acme", path: acme, extra: "    template: \"Oi @Nome\"\n    maxFileSize: 1000")
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: acme + "/failed") == ["grande.csv"])
        let errors = try DaemonFixture.rows(acme + "/outbox/grande.csv.error.csv")
        #expect(errors.first?.first == "FILE_TOO_LARGE")
        #expect(!fixture.logs.entries.contains { $0.message.description == "File downloaded" })
        // Nothing of a rejected file is left in the spool once its error file is out.
        #expect(DaemonFixture.files(in: fixture.statePath + "/spool").isEmpty)
    }

    @Test("A folder of more names than a listing keeps gives the oldest, in bounded memory")
    func boundedListing() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let count = 25_000
        for index in 0..<count {
            let path = acme + "/inbox/f\(index).csv"
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            // Older first: file 0 is the oldest.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: Double(1_000_000 + index))],
                ofItemAtPath: path
            )
        }
        let listing = try await LocalDropTransport(root: acme).list("inbox")
        #expect(listing.count == 10_000)
        #expect(listing.first?.name == "f0.csv")
        #expect(Set(listing.map(\.name)) == Set((0..<10_000).map { "f\($0).csv" }))
    }

    @Test("A file swapped for a link or a FIFO in processing/ is refused unread; a rename never replaces")
    func swappedFiles() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        let transport = LocalDropTransport(root: acme)
        try await transport.ensureFolder("processing")
        let secret = fixture.root + "/segredo.csv"
        try Self.otherClientNumbers.write(toFile: secret, atomically: true, encoding: .utf8)
        #expect(symlink(secret, acme + "/processing/a.csv") == 0)
        #expect(mkfifo(acme + "/processing/b.csv", 0o666) == 0)
        let spool = fixture.root + "/spool-copy"
        for (name, kind) in [("a.csv", DropEntry.Kind.symbolicLink), ("b.csv", .fifo)] {
            do {
                _ = try await transport.download("processing/" + name, to: spool)
                Issue.record("\(name) was read")
            } catch let error as DropTransportError {
                #expect(error.code == .notARegularFile(kind), "\(name)")
            }
            #expect(!FileManager.default.fileExists(atPath: spool))
        }
        try Self.numbers.write(toFile: acme + "/inbox/c.csv", atomically: true, encoding: .utf8)
        do {
            try await transport.rename("inbox/c.csv", to: "processing/a.csv")
            Issue.record("a rename replaced a link")
        } catch let error as DropTransportError {
            #expect(error.code == .exists)
        }
        #expect(try DaemonFixture.text(secret) == Self.otherClientNumbers)
        #expect(try DaemonFixture.text(acme + "/inbox/c.csv") == Self.numbers)
    }

    /// What is at `path`, not following a link.
    static func type(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    /// A Unix socket bound at `path` (bound, then closed: the socket file stays).
    static func bindSocket(_ path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(result == 0, "bind \(path): errno \(errno)")
    }
}
