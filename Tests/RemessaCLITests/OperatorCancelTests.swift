import Foundation
import RemessaCore
import RemessaStore
import Testing

/// `remessa cancel ID` and the exit statuses every operator command shares.
@Suite("Operator commands: cancel and exit statuses")
struct OperatorCancelTests {
    @Test("cancel stops the queued messages, keeps the submitted ones, and says how many")
    func cancel() async throws {
        let fixture = try OperatorFixture()
        let batch = try await fixture.acceptedFile("promo.csv", messages: 5)
        try await fixture.store.updateStatus(messageID: batch.messages[0], to: .submitted)
        try await fixture.store.updateStatus(messageID: batch.messages[1], to: .scheduled)

        let run = try fixture.run(["cancel", String(batch.file)])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == "Batch \(batch.file) (loja, promo.csv): cancelled 4 queued or scheduled messages. "
                + "1 already submitted still awaits a delivery report.\n"
        )
        let stored = try #require(try await fixture.store.batch(batch.file))
        #expect(stored.statusCounts == [.submitted: 1, .cancelled: 4])
        #expect(stored.cancelledAt != nil)

        let again = try fixture.run(["cancel", String(batch.file), "--format", "json"])
        #expect(again.status == 0)
        #expect(again.json.int("id") == Int(batch.file))
        #expect(again.json.int("cancelled") == 0)
        #expect(again.json.int("awaitingReports") == 1)
        #expect(again.json.string("cancelledAt") != nil)
        #expect(again.json.object("batch")?.string("state") == "cancelled")
        #expect(again.json.object("batch")?.object("statusCounts")?.int("CANCELLED") == 4)

        let listed = try fixture.run(["batches", "--format", "json"])
        #expect(listed.json.objects("batches").first?.string("state") == "cancelled")
    }

    @Test("An unknown id is exit status 1 with a sentence, for batch and cancel alike")
    func unknownID() async throws {
        let fixture = try OperatorFixture()
        let rejected = try await fixture.rejectedFile("ruim.csv")
        let batch = try fixture.run(["batch", "999"])
        #expect(batch.status == 1)
        #expect(batch.stderr == "remessa batch: there is no batch 999 in the store\n")
        #expect(batch.stdout.isEmpty)
        let cancel = try fixture.run(["cancel", "999"])
        #expect(cancel.status == 1)
        #expect(cancel.stderr == "remessa cancel: there is no batch 999 in the store\n")
        // A file rejected as a whole has no batch: nothing to cancel.
        #expect(try fixture.run(["cancel", String(rejected)]).status == 1)
    }

    @Test("A missing or wrong configuration is exit status 78 with its lines")
    func configurationErrors() throws {
        let fixture = try OperatorFixture()
        let missing = try RemessaCLI.run(["status", "--config", fixture.directory + "/nao-existe.yaml"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("nao-existe.yaml"))
        let wrong = fixture.directory + "/wrong.yaml"
        try """
        state:
          path: \(fixture.directory)/state
        drops:
          loja:
            transport: local
            path: \(fixture.directory)/drops/loja
            pollIntervall: 5s
        """.write(toFile: wrong, atomically: true, encoding: .utf8)
        let run = try RemessaCLI.run(["batches", "--config", wrong])
        #expect(run.status == 78)
        #expect(run.stderr.hasPrefix("remessa batches: the configuration \(wrong) is not usable:\n"))
        #expect(run.stderr.contains("  drops.loja.pollIntervall: "))
        #expect(run.stdout.isEmpty)
    }

    @Test("A state directory the daemon never used is exit status 69 with the store's sentence")
    func storeUnavailable() throws {
        let fixture = try OperatorFixture()
        let config = fixture.directory + "/empty.yaml"
        try OperatorFixture.configuration(statePath: fixture.directory + "/nowhere", dropPath: fixture.directory)
            .write(toFile: config, atomically: true, encoding: .utf8)
        for command in [["status"], ["batches"], ["batch", "1"], ["cancel", "1"]] {
            let run = try RemessaCLI.run(command + ["--config", config])
            #expect(run.status == 69, "\(command)")
            #expect(run.stderr.contains("no store here yet: start remessad once to create it"), "\(command)")
        }
    }

    @Test("Usage errors are exit status 64")
    func usage() throws {
        let fixture = try OperatorFixture()
        #expect(try fixture.run(["batch"]).status == 64)
        #expect(try fixture.run(["cancel", "abc"]).status == 64)
        #expect(try fixture.run(["batches", "--limit", "0"]).status == 64)
        #expect(try fixture.run(["status", "--format", "xml"]).status == 64)
    }

    @Test("The operator commands see an empty store as empty, not as an error")
    func emptyStore() throws {
        let fixture = try OperatorFixture()
        let status = try fixture.run(["status", "--format", "json"])
        #expect(status.status == 0)
        let loja = try #require(status.json.objects("drops").first)
        #expect(loja.isNull("lastFile"))
        #expect(loja.object("messages")?.int("total") == 0)
        let batches = try fixture.run(["batches"])
        #expect(batches.stdout == "No batches.\n")
    }
}
