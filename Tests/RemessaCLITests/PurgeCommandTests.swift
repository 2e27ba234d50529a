import Foundation
import RemessaTesting
import RemessaCore
import RemessaStore
import Synchronization
import Testing

@Suite("remessa purge", .serialized)
struct PurgeCommandTests {
    static let day: TimeInterval = 86400

    /// A file in the drop, last modified `age` days ago.
    static func file(_ path: String, ageInDays age: Double) throws {
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date() - age * day],
            ofItemAtPath: path
        )
    }

    /// Marks every message of a batch delivered and its final file published at `date`.
    static func finish(_ batch: (file: Int64, messages: [Int64]), in store: any Store, at date: Date) async throws {
        for id in batch.messages {
            try await store.updateStatus(messageID: id, to: .submitted, at: date)
            try await store.updateStatus(messageID: id, to: .delivered, at: date)
        }
        try await store.recordBatchFinished(batch.file, at: date)
    }

    static func texts(_ store: any Store, batch: Int64) async throws -> [String] {
        let texts = Mutex<[String]>([])
        try await store.forEachMessage(batchID: batch) { message in texts.withLock { $0.append(message.text) } }
        return texts.withLock { $0 }
    }

    @Test("Dry run lists what is due and changes nothing; then old batches, originals and outbox files go")
    func purgeLocalDrop() async throws {
        let fixture = try OperatorFixture()
        let drop = fixture.directory + "/drops/loja"
        for folder in ["inbox", "processing", "archive", "failed", "outbox"] {
            try FileManager.default.createDirectory(atPath: drop + "/" + folder, withIntermediateDirectories: true)
        }
        // Messages kept 10 days at the top level; the drop keeps its outbox 2 days, its originals the default 30.
        try """
        state:
          path: \(fixture.directory)/state
        retention:
          messages: 10d
        drops:
          loja:
            transport: local
            path: \(drop)
            retention:
              outbox: 2d
        """.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let old = try await fixture.acceptedFile("antigo.csv", messages: 3, at: Date() - 40 * Self.day)
        try await Self.finish(old, in: fixture.store, at: Date() - 12 * Self.day)
        let recent = try await fixture.acceptedFile("recente.csv", messages: 2, at: Date() - 6 * Self.day)
        try await Self.finish(recent, in: fixture.store, at: Date() - 5 * Self.day)
        try Self.file(drop + "/archive/antigo.csv", ageInDays: 40)
        try Self.file(drop + "/archive/recente.csv", ageInDays: 6)
        try Self.file(drop + "/failed/ruim.csv", ageInDays: 31)
        try Self.file(drop + "/outbox/antigo.csv.final.csv", ageInDays: 3)
        try Self.file(drop + "/outbox/recente.csv.final.csv", ageInDays: 1)
        try Self.file(drop + "/inbox/novo.csv", ageInDays: 90)

        let dry = try fixture.run(["purge", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.contains("Batch \(old.file) (loja, antigo.csv): 3 messages would be erased"),
            "\(dry.stdout)"
        )
        #expect(dry.stdout.contains("loja: archive/antigo.csv would be deleted"))
        #expect(dry.stdout.contains("loja: failed/ruim.csv would be deleted"))
        #expect(dry.stdout.contains("loja: outbox/antigo.csv.final.csv would be deleted"))
        #expect(!dry.stdout.contains("recente"))
        #expect(FileManager.default.fileExists(atPath: drop + "/archive/antigo.csv"))
        #expect(try await Self.texts(fixture.store, batch: old.file) == ["Olá 2", "Olá 3", "Olá 4"])

        let run = try fixture.run(["purge"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Batch \(old.file) (loja, antigo.csv): 3 messages erased"), "\(run.stdout)")
        #expect(run.stdout.contains("1 batch, 3 messages, 0 replies and 3 files erased."), "\(run.stdout)")
        let remaining = Set(
            ["inbox", "archive", "failed", "outbox"].flatMap { folder in
                ((try? FileManager.default.contentsOfDirectory(atPath: drop + "/" + folder)) ?? []).map {
                    folder + "/" + $0
                }
            }
        )
        #expect(remaining == ["inbox/novo.csv", "archive/recente.csv", "outbox/recente.csv.final.csv"])
        #expect(try await Self.texts(fixture.store, batch: old.file) == ["", "", ""])
        #expect(try await Self.texts(fixture.store, batch: recent.file) == ["Olá 2", "Olá 3"])
        #expect(try await fixture.store.batch(old.file)?.statusCounts == [.delivered: 3])

        let again = try fixture.run(["purge", "--format", "json"])
        #expect(again.status == 0)
        #expect(again.json["messages"] as? Int == 0)
        #expect((again.json["files"] as? [Any])?.isEmpty == true)
    }

    @Test("Over a real sshd: originals and outbox files older than their retention are deleted, the rest kept")
    func purgeSFTPDrop() async throws {
        let fixture = try OperatorFixture()
        let seed = fixture.directory + "/seed"
        for folder in ["inbox", "processing", "archive", "failed", "outbox"] {
            try FileManager.default.createDirectory(atPath: seed + "/" + folder, withIntermediateDirectories: true)
        }
        let names = [
            "archive/antigo.csv", "archive/recente.csv", "failed/ruim.csv", "outbox/antigo.csv.final.csv",
            "outbox/recente.csv.final.csv", "inbox/novo.csv",
        ]
        for name in names { try "x".write(toFile: seed + "/" + name, atomically: true, encoding: .utf8) }
        let configuration = SSHDSandboxConfiguration(users: ["rpurge-loja"], seedDirectory: seed)
        try await SSHDSandbox.withSandbox(configuration) { sandbox in
            let user = try #require(sandbox.user("rpurge-loja"))
            let drop = user.dropDirectory
            for (name, age) in zip(names, [40.0, 6, 31, 3, 1, 90]) {
                try FileManager.default.setAttributes(
                    [.modificationDate: Date() - age * Self.day],
                    ofItemAtPath: drop + "/" + name
                )
            }
            try
                ("state:\n  path: \(fixture.directory)/state\ndrops:\n"
                + sandbox.dropYAML("loja", user: user, settings: ["retention: {outbox: 2d}"])).write(
                    toFile: fixture.configPath,
                    atomically: true,
                    encoding: .utf8
                )

            let dry = try fixture.run(["purge", "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("0 batches, 0 messages, 0 replies and 3 files due"), "\(dry.stdout)")
            #expect(FileManager.default.fileExists(atPath: drop + "/archive/antigo.csv"))

            let run = try fixture.run(["purge"])
            #expect(run.status == 0, "\(run.stderr)")
            for name in ["archive/antigo.csv", "failed/ruim.csv", "outbox/antigo.csv.final.csv"] {
                #expect(run.stdout.contains("loja: \(name) deleted"), "\(run.stdout)")
                #expect(!FileManager.default.fileExists(atPath: drop + "/" + name), "\(name)")
            }
            for name in ["archive/recente.csv", "outbox/recente.csv.final.csv", "inbox/novo.csv"] {
                #expect(FileManager.default.fileExists(atPath: drop + "/" + name), "\(name)")
            }
        }
    }
}
