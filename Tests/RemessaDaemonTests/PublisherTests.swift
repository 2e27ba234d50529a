import Foundation
import RemessaCore
import RemessaStore
import Synchronization
import Testing

@Suite("Outbox publisher", .timeLimit(.minutes(3)))
struct PublisherTests {
    @Test("Status events become a DLR file; a batch whose messages are all terminal gets its final and summary files")
    func dlrAndFinal() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let acme = try fixture.localDrop("acme")
        try "telefone;nome;pedido\n11987654321;Ana;1\n21987654321;Bia;2\n31987654321;Cris;3\n".write(
            toFile: acme + "/inbox/pedidos.csv",
            atomically: true,
            encoding: .utf8
        )
        // The send window opens only on a day that is not today: the messages wait, SCHEDULED, while the test
        // moves them by hand.
        let openDay = SimulatorDispatchTests.weekdayName(daysFromToday: 3, timeZone: "America/Sao_Paulo")
        let configuration = try fixture.configuration(
            "drops:\n"
                + localDropYAML(
                    "acme",
                    path: acme,
                    extra: """
                            template: "Oi @Nome, pedido @Pedido"
                            sendWindow: {days: [\(openDay)], from: "08:00", to: "20:00", timezone: America/Sao_Paulo}
                        """
                )
        )
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let outbox = acme + "/outbox"
        #expect(DaemonFixture.files(in: outbox) == ["pedidos.csv.dlr.0001.csv", "pedidos.csv.result.csv"])
        let scheduled = try DaemonFixture.rows(outbox + "/pedidos.csv.dlr.0001.csv")
        #expect(scheduled.map { $0[4] } == ["SCHEDULED", "SCHEDULED", "SCHEDULED"])
        #expect(scheduled.first?[6] == "Agendada")

        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let batch = try #require(try await store.batches().first)
        let ids = try await Self.messageIDs(store, batch: batch.id)
        #expect(try await store.updateStatus(messageID: ids[0], to: .submitted))
        #expect(try await store.updateStatus(messageID: ids[0], to: .delivered))
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: outbox).contains("pedidos.csv.dlr.0002.csv"))
        #expect(!DaemonFixture.files(in: outbox).contains("pedidos.csv.final.csv"), "two messages are still scheduled")
        let dlr = try DaemonFixture.rows(outbox + "/pedidos.csv.dlr.0002.csv")
        #expect(dlr.map { $0[4] } == ["SUBMITTED", "DELIVERED"])
        #expect(dlr.allSatisfy { $0[0] == String(ids[0]) && $0[2] == "5511987654321" && $0[3] == "2" })
        #expect(dlr[1][6] == "Entregue")
        #expect(dlr[1][7].count == 25, "event_at is ISO 8601 with its offset: \(dlr[1][7])")

        #expect(try await store.cancelBatch(batch.id) == 2)
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        let files = DaemonFixture.files(in: outbox)
        #expect(
            files == [
                "pedidos.csv.dlr.0001.csv", "pedidos.csv.dlr.0002.csv", "pedidos.csv.dlr.0003.csv",
                "pedidos.csv.final.csv", "pedidos.csv.result.csv", "pedidos.csv.summary.json",
            ]
        )
        #expect(
            try DaemonFixture.rows(outbox + "/pedidos.csv.dlr.0003.csv").map { $0[4] } == ["CANCELLED", "CANCELLED"]
        )
        let final = try DaemonFixture.rows(outbox + "/pedidos.csv.final.csv")
        #expect(final.map { $0[4] } == ["DELIVERED", "CANCELLED", "CANCELLED"])
        #expect(final.map { $0[0] } == ["2", "3", "4"])
        // text;sender;campaign;client_code;tag: the text sent; the route has no sender, the file no campaign.
        #expect(final.map { Array($0.suffix(5)) }.first == ["Oi Ana, pedido 1", "", "", "", ""])
        #expect(final.allSatisfy { $0.count == FinalFile.columns.count })
        let summary = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: outbox + "/pedidos.csv.summary.json"))
            )
                as? [String: Any]
        )
        #expect(summary["statuses"] as? [String: Int] == ["DELIVERED": 1, "CANCELLED": 2])
        #expect(try await store.batch(batch.id)?.finishedAt != nil)

        // Another pass publishes nothing new: no duplicate file.
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: outbox) == files)
    }

    static func messageIDs(_ store: any Store, batch: Int64) async throws -> [Int64] {
        let ids = Mutex<[Int64]>([])
        try await store.forEachMessage(batchID: batch) { message in ids.withLock { $0.append(message.id) } }
        return ids.withLock { $0 }
    }
}
