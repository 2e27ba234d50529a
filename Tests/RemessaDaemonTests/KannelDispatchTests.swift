import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// remessad sends a drop's file through real Kannel (bearerbox + smsbox + fakesmsc on loopback) and takes smsbox's
/// delivery-report callbacks on its own listener, up to the final file.
@Suite("Dispatch through real Kannel", .serialized, .timeLimit(.minutes(5)))
struct KannelDispatchTests {
    static let remessad = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("remessad").path
    /// Not GSM 03.38: this row goes out as UCS-2.
    static let ucs2Name = "Conceição ✓ 😀"

    @Test("1,000 contacts through remessad and smsbox: every row DELIVERED in the final file, UCS-2 text intact")
    func thousandMessages() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        let listenPort = try FreePort.find()
        var contacts = "telefone;nome\n5511900000000;\(Self.ucs2Name)\n"
        for index in 1..<1_000 {
            contacts += "55119\(String(format: "%08d", index));Cliente \(index)\n"
        }
        try contacts.write(toFile: drop + "/inbox/contatos.csv", atomically: true, encoding: .utf8)

        try await KannelSandbox.withSandbox { kannel in
            let secretFile = fixture.root + "/kannel-dlr"
            try "dlr-\(UUID().uuidString)\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
            try KannelDaemonConfiguration.write(
                fixture,
                kannel: kannel,
                drop: drop,
                listenPort: listenPort,
                secretFile: secretFile,
                routeExtra: ["rate: 500", "maxInFlight: 32"]
            )
            let daemon = try DaemonProcess(
                Self.remessad,
                ["--config", fixture.root + "/remessad.yaml", "--until-idle"]
            )
            let started = ContinuousClock.now
            let status = await daemon.waitForExit(timeout: .seconds(180))
            let elapsed = ContinuousClock.now - started
            #expect(status == 0, "\(daemon.output.suffix(30).joined(separator: "\n"))\n\(kannel.logTail(lines: 10))")
            print("kannel dispatch: 1,000 messages to their final file in \(elapsed)")

            // The final file: every row DELIVERED, once.
            let rows = try DaemonFixture.rows(drop + "/outbox/contatos.csv.final.csv").map(FinalRow.init)
            #expect(rows.count == 1_000)
            #expect(
                rows.filter { $0.status == "DELIVERED" }.count == 1_000,
                "\(Dictionary(grouping: rows, by: \.status).mapValues(\.count))"
            )
            #expect(Set(rows.map(\.messageID)).count == 1_000)
            // One DELIVERED event per message in the store: smsbox's callbacks, each applied once.
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            let batch = try #require(try await store.batches().first)
            let last = try await store.lastEventSequence(batchID: batch.id)
            let delivered = try await store.events(batchID: batch.id, in: 1...last).filter { $0.status == .delivered }
            #expect(delivered.count == 1_000)
            #expect(Set(delivered.map(\.messageID)).count == 1_000)

            // What the fake SMSC received: each number once, the UCS-2 row as UCS-2 with its text intact.
            let received = kannel.receivedMessages()
            #expect(received.count == 1_000)
            #expect(Set(received.map(\.receiver)).count == 1_000)
            let ucs2 = try #require(received.first { $0.receiver == "5511900000000" })
            #expect(ucs2.type == "ucs-2")
            #expect(ucs2.text == "Oi \(Self.ucs2Name), sua fatura chegou")
            #expect(received.filter { $0.type == "text" }.count == 999)
        }
    }
}
