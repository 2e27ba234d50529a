import Foundation
import RemessaCore
import RemessaProviders
import RemessaStore
import RemessaTesting
import Testing

/// A reply through real Kannel: fakesmsc sends an MO, smsbox's `sms-service` calls remessad's `/mo/<route>`, and
/// the reply is attributed to the message remessad sent to that number through the same Kannel route.
@Suite("Replies through real Kannel", .serialized, .timeLimit(.minutes(5)))
struct KannelRepliesTests {
    @Test("An opt-out sent from the phone through Kannel goes on the sending drop's list and into its replies file")
    func optOutThroughKannel() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        let listenPort = try FreePort.find()
        try "telefone;nome\n5511900000000;Ana\n5511900000001;Bia\n"
            .write(toFile: drop + "/inbox/contatos.csv", atomically: true, encoding: .utf8)
        let secretFile = fixture.root + "/kannel-hooks"
        let secret = "hooks-\(UUID().uuidString)"
        try (secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)

        func configure(_ kannel: KannelSandbox) throws {
            try KannelDaemonConfiguration.write(
                fixture,
                kannel: kannel,
                drop: drop,
                listenPort: listenPort,
                secretFile: secretFile
            )
        }
        // First the file goes out through Kannel, to its final file.
        try await KannelSandbox.withSandbox { kannel in
            try configure(kannel)
            let daemon = try DaemonProcess(
                KannelDispatchTests.remessad,
                ["--config", fixture.root + "/remessad.yaml", "--until-idle"]
            )
            let status = await daemon.waitForExit(timeout: .seconds(120))
            #expect(status == 0, "\(daemon.output.suffix(20).joined(separator: "\n"))")
        }
        let final = try DaemonFixture.rows(drop + "/outbox/contatos.csv.final.csv").map(FinalRow.init)
        let anaMessage = try #require(final.first { $0.destination == "5511900000000" }).messageID

        // Then the phone answers: a fresh Kannel whose fake SMSC sends the MO once it connects, in the national
        // form a carrier may use, and smsbox calls remessad (running as the service) with its token.
        let moURL =
            "http://127.0.0.1:\(listenPort)/mo/kan?from=%p&text=%a&token="
            + KannelWebhooks.moToken(route: "kan", secret: secret)
        let mo = KannelSandboxConfiguration(
            mobileOriginatedURL: moURL,
            mobileOriginated: ["11900000000 4567 text SAIR"]
        )
        let daemon = try DaemonProcess(KannelDispatchTests.remessad, ["--config", fixture.root + "/remessad.yaml"])
        #expect(await daemon.waitForLines(timeout: .seconds(30)) { $0.contains("HTTP listener running") })
        try await KannelSandbox.withSandbox(mo) { kannel in
            let published = try await RepliesDaemonTests.waitForFiles([drop + "/outbox/replies.0001.csv"])
            #expect(published, "\(kannel.logTail(lines: 20))\n\(daemon.output.suffix(20).joined(separator: "\n"))")
        }
        #expect(daemon.stop(with: SIGTERM) == 0)
        let replies = try DaemonFixture.rows(drop + "/outbox/replies.0001.csv")
        #expect(
            replies.map { Array($0.dropFirst()) } == [
                ["5511900000000", "SAIR", anaMessage, "contatos.csv", "2", "", "true"]
            ]
        )
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        #expect(try await store.suppression("5511900000000", list: "drop:acme") != nil)
        #expect(try await store.suppression("5511900000001", list: "drop:acme") == nil)
        let optOuts = try DaemonFixture.rows(drop + "/outbox/optouts.0001.csv")
        #expect(optOuts.map { [$0[0], $0[1], $0[2], $0[4]] } == [["5511900000000", "add", "reply", anaMessage]])
    }
}
