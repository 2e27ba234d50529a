import Foundation
import RemessaConfig
import RemessaCore
import RemessaDrops
import RemessaMetrics
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

@testable import RemessaDaemon

/// Each node has its own spool (contract section 13): a file another node claimed and then stopped on is
/// finished by the node that takes its drop over, from what the drop and the store hold.
@Suite("A dead node's spool is not needed", .serialized, .timeLimit(.minutes(2)))
struct ClusterSpoolTests {
    static let contacts = "telefone;mensagem\n5511987654321;Oi Ana\n12345;Oi Bia\n5521987654321;Oi Caio\n"

    @Test("A file another node downloaded and never ingested is downloaded again here and finished")
    func downloadedElsewhere() async throws {
        try await StoreKind.postgres.withStateDatabase { postgres in
            let fixture = try DaemonFixture()
            defer { fixture.remove() }
            let drop = try fixture.localDrop("acme")
            let configuration = try fixture.configuration(
                "drops:\n" + localDropYAML("acme", path: drop),
                postgres: postgres
            )
            // Node a claimed and downloaded the file, then died: its record says downloaded, its spool is gone.
            try await ConfiguredStore.with(
                configuration.state,
                access: .daemon,
                environment: [:],
                logger: fixture.logger
            ) {
                store in
                let (id, processing) = try await store.recordClaimIntent(
                    drop: "acme",
                    name: "a.csv",
                    processingName: { DropFileName.processing("a.csv", fileID: $0) },
                    remoteSize: Int64(Self.contacts.utf8.count),
                    remoteModification: 0,
                    kind: .inbox,
                    at: Date()
                )
                try FileManager.default.createDirectory(atPath: drop + "/processing", withIntermediateDirectories: true)
                try Self.contacts.write(toFile: drop + "/processing/" + processing, atomically: true, encoding: .utf8)
                try await store.setStage(.claimed, of: id)
                try await store.recordDownload(of: id, size: Int64(Self.contacts.utf8.count), sha256: "elsewhere")
                try await store.setStage(.downloaded, of: id)
            }
            let node = Daemon(
                configurationPath: fixture.root + "/remessad.yaml",
                configuration: configuration,
                variables: [:],
                logger: fixture.logger,
                node: "b"
            )
            #expect(try await node.runUntilIdle() == 0)
            #expect(fixture.logs.lines.contains { $0.contains("downloading it again") })
            #expect(DaemonFixture.files(in: drop + "/archive") == ["a.csv"])
            let rows = try DaemonFixture.rows(drop + "/outbox/a.csv.result.csv")
            #expect(rows.map { $0[3] } == ["ACCEPTED", "REJECTED", "ACCEPTED"], "\(rows)")
        }
    }

    @Test("The result of a file another node ingested is rebuilt here exactly, message ids included")
    func resultRebuilt() async throws {
        try await StoreKind.postgres.withStateDatabase { postgres in
            let fixture = try DaemonFixture()
            defer { fixture.remove() }
            let drop = try fixture.localDrop("acme")
            let configuration = try fixture.configuration(
                "drops:\n" + localDropYAML("acme", path: drop),
                postgres: postgres
            )
            try Self.contacts.write(toFile: drop + "/inbox/b.csv", atomically: true, encoding: .utf8)
            let first = Daemon(
                configurationPath: fixture.root + "/remessad.yaml",
                configuration: configuration,
                variables: [:],
                logger: fixture.logger,
                node: "a"
            )
            #expect(try await first.runUntilIdle() == 0)
            let published = try Data(contentsOf: URL(fileURLWithPath: drop + "/outbox/b.csv.result.csv"))

            // As if node a had died after the ingest: the original back in processing/, a's spool gone.
            let acme = try #require(configuration.drops["acme"])
            try await fixture.withStore(configuration) { store in
                let file = try #require(try await store.recentFiles(drop: "acme").first { $0.name == "b.csv" })
                try FileManager.default.createDirectory(atPath: drop + "/processing", withIntermediateDirectories: true)
                try FileManager.default.moveItem(
                    atPath: drop + "/archive/b.csv",
                    toPath: drop + "/processing/" + file.processingName
                )
                try FileManager.default.removeItem(atPath: fixture.statePath + "/a")
                let context = try DropContext(
                    drop: acme,
                    store: store,
                    spool: Spool(statePath: fixture.statePath, node: "b"),
                    metrics: DaemonMetrics(),
                    logger: fixture.logger,
                    environment: [:]
                )
                #expect(try await context.rebuildResult(file, logger: fixture.logger))
                let rebuilt = try Data(contentsOf: URL(fileURLWithPath: context.spool.result(for: file.id)))
                #expect(rebuilt == published, "\(String(decoding: rebuilt, as: UTF8.self))")
                #expect(!FileManager.default.fileExists(atPath: context.spool.input(for: file.id)), "input removed")
            }
        }
    }
}
