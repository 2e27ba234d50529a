import Foundation
import Testing

/// The checks every transport must pass the same way: `ls`, `get` and `put` on a drop seeded from
/// ``DropFixture/seed`` whose files are at `dropDirectory` on this host.
struct DropScenario {
    let fixture: DropFixture
    let drop: String
    let dropDirectory: String

    func run() throws {
        try listsRoot()
        try listsFolder()
        try gets()
        try puts()
    }

    func listsRoot() throws {
        let json = try fixture.drop(["ls", drop, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let folders = json.json.objects("folders")
        #expect(folders.map { $0.string("folder") } == ["inbox", "processing", "archive", "failed", "outbox"])
        #expect(folders.map { $0.int("files") } == [2, 0, 1, nil, 0])
        #expect(folders.map { $0["exists"] as? Bool } == [true, true, true, false, true])
        #expect(folders.first?.int("bytes") == DropFixture.bigSize + DropFixture.clientes.utf8.count)

        let text = try fixture.drop(["ls", drop])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("inbox inbox 2 8.0 MiB"), "\(text.stdout)")
        #expect(lines.contains("failed failed missing"), "\(text.stdout)")
    }

    func listsFolder() throws {
        let json = try fixture.drop(["ls", drop, "inbox", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let files = json.json.objects("files")
        #expect(files.map { $0.string("name") } == ["big.bin", "clientes.csv"])
        #expect(files.map { $0.int("size") } == [DropFixture.bigSize, DropFixture.clientes.utf8.count])
        #expect(files.last?.string("modified") == "2025-06-02T14:03:22-03:00")

        let text = try fixture.drop(["ls", drop, "inbox"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("2 files"))
        let row = text.stdout.split(separator: "\n").first { $0.hasPrefix("clientes.csv") }
        #expect(
            row?.split(separator: " ") == [
                "clientes.csv", "\(DropFixture.clientes.utf8.count)", "B", "2025-06-02T14:03:22-03:00",
            ]
        )

        let missing = try fixture.drop(["ls", drop, "nowhere"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nowhere"))
    }

    func gets() throws {
        let downloads = fixture.directory + "/downloads"
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        let local = downloads + "/big.bin"
        let first = try fixture.drop(["get", drop, "inbox/big.bin", local, "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let remoteHash = try DropFixture.sha256(dropDirectory + "/inbox/big.bin")
        #expect(first.json.string("sha256") == remoteHash)
        #expect(try DropFixture.sha256(local) == remoteHash)
        #expect(first.json.int("bytes") == DropFixture.bigSize)
        #expect((first.json.double("megabytesPerSecond") ?? 0) > 0)
        #expect(first.json["changedWhileReading"] as? Bool == false)

        // An existing LOCAL is kept without --force, and nothing is left behind.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: local))
        let refused = try fixture.drop(["get", drop, "inbox/big.bin", local])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: local, encoding: .utf8) == "mine")

        let forced = try fixture.drop(["get", drop, "inbox/big.bin", local, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("sha256 \(remoteHash)"))
        #expect(forced.stdout.contains("MB/s"))
        #expect(try DropFixture.sha256(local) == remoteHash)

        // An existing directory receives the file under its remote name.
        let intoDirectory = try fixture.drop(["get", drop, "inbox/clientes.csv", downloads])
        #expect(intoDirectory.status == 0, "\(intoDirectory.stderr)")
        #expect(
            try DropFixture.sha256(downloads + "/clientes.csv")
                == DropFixture.sha256(fixture.seed + "/inbox/clientes.csv")
        )

        let missing = try fixture.drop(["get", drop, "inbox/nothing.csv", downloads + "/nothing.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("inbox/nothing.csv"))
        #expect(try DropFixture.names(downloads) == ["big.bin", "clientes.csv"])
    }

    func puts() throws {
        let first = try fixture.file("novo.csv", Data("DESTINATION\n5511987654321\n".utf8))
        let second = try fixture.file("outro.csv", Data("DESTINATION\n5521987654321\n5531987654321\n".utf8))

        let put = try fixture.drop(["put", drop, first, "inbox/novo.csv", "--format", "json"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(put.json.string("name") == "novo.csv")
        #expect(put.json.string("remote") == "inbox/novo.csv")
        #expect(put.json["alreadyThere"] as? Bool == false)
        #expect(try DropFixture.sha256(dropDirectory + "/inbox/novo.csv") == DropFixture.sha256(first))

        // A taken name is never replaced: other content gets the next free name.
        let taken = try fixture.drop(["put", drop, second, "inbox/novo.csv"])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("\(drop):inbox/novo-1.csv"), "\(taken.stdout)")
        #expect(try DropFixture.sha256(dropDirectory + "/inbox/novo-1.csv") == DropFixture.sha256(second))
        #expect(try DropFixture.sha256(dropDirectory + "/inbox/novo.csv") == DropFixture.sha256(first))

        // The same content again is found, not duplicated.
        let again = try fixture.drop(["put", drop, first, "inbox/novo.csv", "--format", "json"])
        #expect(again.status == 0)
        #expect(again.json.string("name") == "novo.csv")
        #expect(again.json["alreadyThere"] as? Bool == true)

        // A folder with a trailing slash keeps the local name.
        let keepName = try fixture.drop(["put", drop, second, "outbox/"])
        #expect(keepName.status == 0, "\(keepName.stderr)")
        #expect(FileManager.default.fileExists(atPath: dropDirectory + "/outbox/outro.csv"))

        #expect(
            try DropFixture.names(dropDirectory + "/inbox") == ["big.bin", "clientes.csv", "novo-1.csv", "novo.csv"]
        )
        #expect(try fixture.drop(["put", drop, fixture.directory + "/absent.csv", "inbox/x.csv"]).status == 66)
        #expect(try fixture.drop(["put", drop, first, "failed/novo.csv"]).status == 66)
    }
}
