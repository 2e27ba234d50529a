import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// `remessad --until-idle` exits once no eligible file remains and every batch is terminal (contract §7): a file
/// uploaded while a batch is still sending is processed in the same run.
@Suite("--until-idle and files that arrive while sending", .serialized, .timeLimit(.minutes(2)))
struct UntilIdleArrivalTests {
    @Test("A file dropped while the first batch sends is claimed, sent and archived before the run ends")
    func lateFileIsProcessed() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        var first = "telefone;mensagem\n"
        for index in 0..<40 { first += "55119\(String(format: "%08d", 10_000_000 + index));Primeira \(index)\n" }
        try first.write(toFile: drop + "/inbox/primeira.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            """
            routes:
              slow:
                provider: simulator
                rate: 20
                burst: 1
                simulator: {dlrDelay: 50ms, delivered: 1, notDelivered: 0, expired: 0, carrierRejected: 0, invalidNumber: 0}
            drops:

            """ + localDropYAML("acme", path: drop, extra: "    route: slow\n    stateWindows: {}")
        )
        let run = Task { try await fixture.runUntilIdle(configuration) }
        let store = try await SimulatorDispatchTests.waitForStore(fixture.statePath)
        while try await store.batches().first?.statusCounts[.submitted, default: 0] ?? 0 == 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
        try "telefone;mensagem\n21987654321;Segunda\n".write(
            toFile: drop + "/inbox/segunda.csv",
            atomically: true,
            encoding: .utf8
        )
        #expect(try await run.value == 0)

        #expect(DaemonFixture.files(in: drop + "/inbox").isEmpty)
        #expect(DaemonFixture.files(in: drop + "/archive") == ["primeira.csv", "segunda.csv"])
        let outbox = DaemonFixture.files(in: drop + "/outbox")
        #expect(outbox.contains("segunda.csv.final.csv"), "\(outbox)")
        let batches = try await store.batches()
        #expect(batches.count == 2)
        #expect(batches.allSatisfy { $0.isTerminal })
    }
}
