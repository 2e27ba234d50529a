import Foundation
import RemessaCore
import RemessaStore
import Testing

/// `remessa status`, `batches` and `batch ID` against a real store filled through the store's API.
@Suite("Operator commands")
struct OperatorCommandTests {
    /// Two batches in `loja` (one half done, one finished), a rejected file, a file still downloading, and a
    /// batch in a drop the configuration no longer names.
    static func populated() async throws -> (OperatorFixture, running: Int64, finished: Int64, rejected: Int64) {
        let fixture = try OperatorFixture()
        let store = fixture.store
        let finished = try await fixture.acceptedFile("ontem.csv", messages: 2)
        for id in finished.messages {
            try await store.updateStatus(messageID: id, to: .submitted, at: Date().addingTimeInterval(-600))
            try await store.updateStatus(messageID: id, to: .delivered, at: Date().addingTimeInterval(-590))
        }
        try await store.recordBatchFinished(finished.file)
        let running = try await fixture.acceptedFile("clientes-promo.csv", messages: 10, rejected: 3)
        // Six left the queue just now (two of them already failed), four wait: 0.1 messages a second.
        for id in running.messages.prefix(6) {
            try await store.updateStatus(messageID: id, to: .submitted)
        }
        try await store.updateStatus(messageID: running.messages[0], to: .delivered)
        try await store.updateStatus(messageID: running.messages[1], to: .invalidNumber, reasonCode: "UNKNOWN_DDD")
        try await store.updateStatus(messageID: running.messages[2], to: .notDelivered, reasonCode: "ABSENT")
        _ = try await store.recordPublicationIntent(
            fileID: running.file,
            kind: .result,
            name: "clientes-promo.csv.result.csv"
        )
        try await store.recordPublished(fileID: running.file, kind: .result, as: "clientes-promo.csv.result.csv")
        _ = try await store.recordPublicationIntent(
            fileID: running.file,
            kind: .dlr,
            number: 1,
            name: "clientes-promo.csv.dlr.0001.csv",
            sequences: 1...4
        )
        let rejected = try await fixture.rejectedFile("sem-cabecalho.csv")
        let downloading = try await store.recordClaimIntent(
            drop: "loja",
            name: "chegando.csv",
            processingName: "chegando.csv",
            remoteSize: 5,
            remoteModification: 1
        )
        try await store.recordDownload(of: downloading, size: 5, sha256: "x")
        _ = try await fixture.acceptedFile("antigo.csv", drop: "removida", messages: 1)
        return (fixture, running.file, finished.file, rejected)
    }

    @Test("status --format json: files of today, messages in play and the last file, per drop")
    func statusJSON() async throws {
        let (fixture, _, _, _) = try await Self.populated()
        let run = try fixture.run(["status", "--format", "json"], environment: ["TZ": "UTC"])
        #expect(run.status == 0, "\(run.stderr)")
        let drops = run.json.objects("drops")
        #expect(drops.map { $0.string("drop") } == ["loja", "removida"])
        let loja = try #require(drops.first)
        #expect(loja["configured"] as? Bool == true)
        #expect(loja.object("files")?.int("accepted") == 2)
        #expect(loja.object("files")?.int("rejected") == 1)
        #expect(loja.object("files")?.int("inProgress") == 1)
        let messages = try #require(loja.object("messages"))
        // The finished batch was created today too, so its two delivered messages count.
        #expect(messages.int("queued") == 4)
        #expect(messages.int("submitted") == 3)
        #expect(messages.int("terminal") == 5)
        #expect(messages.int("total") == 12)
        #expect(loja.object("lastFile")?.string("name") == "chegando.csv")
        #expect(loja.object("lastFile")?.string("stage") == "downloaded")
        #expect(drops.last?["configured"] as? Bool == false)
        #expect(run.json.object("totals")?.object("files")?.int("accepted") == 3)
        #expect(run.json.string("since")?.hasSuffix("T00:00:00+00:00") == true)
    }

    @Test("status text: a table a person reads, without colour when stdout is not a terminal")
    func statusText() async throws {
        let (fixture, _, _, _) = try await Self.populated()
        let run = try fixture.run(["status"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("DROP"))
        #expect(run.stdout.contains("removida (not configured)"))
        #expect(run.stdout.contains("chegando.csv  in progress (downloaded)"))
        #expect(run.stdout.contains("░"))
        #expect(run.stdout.contains("Today: 3 files accepted, 1 rejected, 1 in progress."))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("batches --format json: newest first, progress, rate over the last minute, state")
    func batchesJSON() async throws {
        let (fixture, running, finished, _) = try await Self.populated()
        let run = try fixture.run(["batches", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let batches = run.json.objects("batches")
        #expect(batches.count == 3)
        let first = try #require(batches.first { $0.int("id") == Int(running) })
        #expect(first.string("state") == "running")
        #expect(first.string("file") == "clientes-promo.csv")
        #expect(first.int("messages") == 10)
        #expect(first.int("terminal") == 3)
        #expect(first.double("progress") == 0.3)
        #expect(first.double("ratePerSecond") == 0.1)
        #expect(first.object("statusCounts")?.int("QUEUED") == 4)
        #expect(first.isNull("cancelledAt"))
        let done = try #require(batches.first { $0.int("id") == Int(finished) })
        #expect(done.string("state") == "finished")
        #expect(done.double("ratePerSecond") == 0)
        #expect(done.string("finishedAt") != nil)
        #expect(batches.compactMap { $0.int("id") } == batches.compactMap { $0.int("id") }.sorted(by: >))

        let filtered = try fixture.run(["batches", "--format", "json", "--drop", "loja", "--running"])
        #expect(filtered.json.objects("batches").compactMap { $0.int("id") } == [Int(running)])
    }

    @Test("batches text: one row per batch with a progress bar, rate and state")
    func batchesText() async throws {
        let (fixture, running, _, _) = try await Self.populated()
        let run = try fixture.run(["batches", "--limit", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID  DROP"))
        let row = try #require(lines.first { $0.contains("clientes-promo.csv") })
        #expect(row.contains("\(running)  loja"))
        #expect(row.contains("██████░░░░░░░░░░░░░░ 30%"))
        #expect(row.contains("0.1/s"))
        #expect(row.hasSuffix("running"))
    }

    @Test("batch ID --format json: the file, counts with both labels, outbox files, masked failures")
    func batchJSON() async throws {
        let (fixture, running, _, _) = try await Self.populated()
        let run = try fixture.run(["batch", String(running), "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try #require(run.json.object("file"))
        #expect(file.string("layout") == "base")
        #expect(file.int("accepted") == 10)
        #expect(file.int("rejected") == 3)
        #expect(file.string("movedTo") == "archive/clientes-promo.csv")
        #expect(run.json.object("batch")?.string("state") == "running")
        let statuses = run.json.objects("statuses")
        #expect(
            statuses.compactMap { $0.string("status") } == [
                "QUEUED", "SUBMITTED", "DELIVERED", "NOT_DELIVERED", "INVALID_NUMBER",
            ]
        )
        #expect(statuses.first?.string("ptBR") == "Na fila")
        #expect(statuses.first?.string("en") == "Queued")
        #expect(statuses.first?.int("count") == 4)
        let publications = run.json.objects("publications")
        #expect(publications.compactMap { $0.string("kind") } == ["result", "dlr"])
        #expect(publications[0].string("publishedName") == "clientes-promo.csv.result.csv")
        #expect(publications[1].isNull("publishedAt"))
        let failures = run.json.objects("failures")
        #expect(failures.compactMap { $0.int("line") } == [3, 4])
        #expect(failures.first?.string("destination") == "5511*****4303")
        #expect(failures.first?.string("reasonCode") == "UNKNOWN_DDD")
        #expect(!run.stdout.contains(OperatorFixture.destination(line: 3)))
    }

    @Test("batch ID text: state and bar, file, labels in pt-BR and English, outbox files; no full number")
    func batchText() async throws {
        let (fixture, running, _, _) = try await Self.populated()
        let run = try fixture.run(["batch", String(running)])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Batch \(running) · loja · clientes-promo.csv\n"))
        #expect(run.stdout.contains("running  ██████░░░░░░░░░░░░░░ 30%  3 of 10 terminal"))
        #expect(run.stdout.contains("rows          13: 10 accepted, 3 rejected"))
        #expect(run.stdout.contains("Número de destino inválido"))
        #expect(run.stdout.contains("Invalid destination number"))
        #expect(run.stdout.contains("clientes-promo.csv.dlr.0001.csv"))
        #expect(run.stdout.contains("pending"))
        #expect(run.stdout.contains("5511*****4303"))
        #expect(!run.stdout.contains(OperatorFixture.destination(line: 3)))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("batch ID of a file rejected as a whole shows the rejection, with no batch")
    func rejectedFile() async throws {
        let (fixture, _, _, rejected) = try await Self.populated()
        let json = try fixture.run(["batch", String(rejected), "--format", "json"])
        #expect(json.status == 0)
        #expect(json.json.isNull("batch"))
        #expect(json.json.object("file")?.string("errorCode") == "UNKNOWN_LAYOUT")
        #expect(json.json.object("file")?.string("outcome") == "rejected")
        let text = try fixture.run(["batch", String(rejected)])
        #expect(text.stdout.contains("rejected as a whole (no batch): UNKNOWN_LAYOUT: no destination column"))
    }

    @Test("Dates are ISO 8601 with the local offset")
    func datesCarryTheOffset() async throws {
        let (fixture, running, _, _) = try await Self.populated()
        let run = try fixture.run(
            ["batch", String(running), "--format", "json"],
            environment: ["TZ": "America/Sao_Paulo"]
        )
        let created = try #require(run.json.object("batch")?.string("createdAt"))
        #expect(created.hasSuffix("-03:00"))
        #expect(created.count == "2025-06-02T14:03:22-03:00".count)
    }
}
