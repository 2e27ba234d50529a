import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// A claim's file in `processing/` carries the claim's file id (contract §13), so that after a crash a file found
/// there under the same name as the input is never taken for this claim's rename.
@Suite("Claims carry their file id", .serialized, .timeLimit(.minutes(2)))
struct ClaimNameTests {
    /// Records a claim intent for `inbox/a.csv` as a crash right after it leaves it; answers its id.
    static func interruptedClaim(statePath: String) async throws -> Int64 {
        let store = try SQLiteStore(directory: statePath, access: .daemon)
        return try await store.recordClaimIntent(
            drop: "acme",
            name: "a.csv",
            processingName: { DropFileName.processing("a.csv", fileID: $0) },
            remoteSize: 30,
            remoteModification: 1
        ).id
    }

    @Test(
        "After a crash before the rename, another claim's a.csv in processing/ is not adopted; inbox/a.csv is sent once"
    )
    func interruptedClaimAdoptsNothing() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try FileManager.default.createDirectory(atPath: drop + "/processing", withIntermediateDirectories: true)
        let interrupted = try await Self.interruptedClaim(statePath: fixture.statePath)
        // Another node's claim of a file of the same name: under the name it would have had before file ids.
        let foreign = "telefone;mensagem\n21999990001;De outro\n"
        try foreign.write(toFile: drop + "/processing/a.csv", atomically: true, encoding: .utf8)
        try "telefone;mensagem\n11987654321;Oi\n".write(
            toFile: drop + "/inbox/a.csv",
            atomically: true,
            encoding: .utf8
        )
        let configuration = try fixture.configuration("drops:\n" + localDropYAML("acme", path: drop))
        #expect(try await fixture.runUntilIdle(configuration) == 0)

        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.file(interrupted)?.stage == .vanished)
        let batches = try await store.batches()
        #expect(batches.count == 1)
        #expect(batches.first?.messages == 1)
        #expect(try DaemonFixture.text(drop + "/processing/a.csv") == foreign, "left alone")
        #expect(DaemonFixture.files(in: drop + "/processing") == ["a.csv"])
        #expect(DaemonFixture.files(in: drop + "/archive") == ["a.csv"])
        let rows = try DaemonFixture.rows(drop + "/outbox/a.csv.result.csv")
        #expect(rows.map { $0[1] } == ["5511987654321"])
    }

    @Test("A claimed file sits in processing/ as <id>-<name> until it is archived under its own name")
    func processingName() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try "telefone;mensagem\n11987654321;Oi\n".write(
            toFile: drop + "/inbox/b.csv",
            atomically: true,
            encoding: .utf8
        )
        let configuration = try fixture.configuration("drops:\n" + localDropYAML("acme", path: drop))
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let file = try #require(try await store.recentFiles(limit: 10).first)
        #expect(file.processingName == "\(file.id)-b.csv")
        #expect(file.movedTo == "archive/b.csv")
        #expect(DaemonFixture.files(in: drop + "/archive") == ["b.csv"])
    }
}
