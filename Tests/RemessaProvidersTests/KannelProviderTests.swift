import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaProviders

@Suite("Kannel provider against a real Kannel", .serialized, .timeLimit(.minutes(2)))
struct KannelProviderTests {
    static let ucs2Text = "Olá, promoção de verão: ação ✓ 😀"
    /// Only GSM 03.38 characters, accents included.
    static let gsmText = "Café é bom, señor Ñoño ü & 100% {ok} [x] ~ €"

    @Test("1,000 messages are taken and all end DELIVERED through real DLR callbacks; texts arrive intact")
    func endToEnd() async throws {
        let listener = CallbackRecorder(route: "kan")
        try await withLoopbackServer(listener.router) { port in
            let moURL =
                "http://127.0.0.1:\(port)/mo/kan?from=%p&text=%a&token="
                + KannelWebhooks.moToken(route: "kan", secret: "hook-secret")
            let configuration = KannelSandboxConfiguration(
                mobileOriginatedURL: moURL,
                mobileOriginated: ["5511999990000 4567 text SAIR agora"]
            )
            try await KannelSandbox.withSandbox(configuration) { kannel in
                let provider = try Self.provider(kannel, listenerPort: port, secret: "hook-secret")
                let total = 1_000
                let started = ContinuousClock.now
                let rejected = await Self.submitConcurrently(provider, ids: 1...Int64(total), workers: 32)
                let elapsed = ContinuousClock.now - started
                #expect(rejected.isEmpty, "not taken: \(rejected.prefix(3))")
                let special = await provider.submit([
                    Self.message(5_001, text: Self.ucs2Text, encoding: .ucs2),
                    Self.message(5_002, text: Self.gsmText, encoding: .gsm7),
                ])
                #expect(special == [.accepted(providerID: nil), .accepted(providerID: nil)])

                let delivered = try await listener.waitForDelivered(total + 2, timeout: .seconds(30))
                print(
                    "kannel: \(total) submits in \(elapsed) = \(Int(Double(total) / elapsed.inSeconds)) msg/s "
                        + "(32 concurrent); \(listener.callbackCount) DLR callbacks, \(delivered) DELIVERED"
                )
                #expect(delivered == total + 2)
                let statuses = listener.finalStatuses
                #expect((1...Int64(total)).allSatisfy { statuses[$0] == .delivered })
                #expect(listener.sawSubmitted, "type 8 (SMSC accepted) comes before type 1")
                #expect(listener.refusedCount == 0)

                let received = kannel.receivedMessages()
                #expect(received.count >= total + 2)
                let ucs2 = try #require(received.first { $0.type == "ucs-2" })
                #expect(ucs2.text == Self.ucs2Text)
                #expect(ucs2.sender == "Remessa")
                #expect(ucs2.receiver == "5511987654321")
                #expect(
                    received.contains { $0.type == "text" && $0.text == Self.gsmText },
                    "\(received.filter { !$0.text.hasPrefix("Oi") })"
                )

                let mo = try await listener.waitForMobileOriginated()
                #expect(mo.from == "5511999990000")
                #expect(mo.text == "SAIR agora")

                // A forged callback (a token for another message) is refused, and changes nothing.
                let forged = KannelTokens.deliveryReport(route: "kan", messageID: 1, secret: "hook-secret")
                let status = try await Self.get("http://127.0.0.1:\(port)/dlr/kan?id=2&token=\(forged)&type=2")
                #expect(status == 401)
                #expect(listener.refusedCount == 1)
                #expect(listener.finalStatuses[2] == .delivered)
                await provider.shutdown()
            }
        }
    }

    @Test("A wrong password is a temporary failure that names the credentials, not a burnt message")
    func wrongPassword() async throws {
        try await KannelSandbox.withSandbox { kannel in
            var credentials = KannelCredentials(username: kannel.username, password: "wrong")
            credentials.webhookSecret = "x"
            let provider = try KannelProvider(
                route: Self.route(kannel, listenerPort: 9),
                credentials: credentials,
                logger: Logger(label: "test")
            )
            let outcome = await provider.submit([Self.message(1)])
            await provider.shutdown()
            guard case .temporary(let reason, false, _)? = outcome.first else {
                Issue.record("a wrong password gave \(outcome)")
                return
            }
            #expect(reason.contains("Kannel refused the credentials"))
        }
    }

    @Test("A full bearerbox queue pushes back; a stopped Kannel is a temporary failure")
    func queueFullAndDown() async throws {
        let configuration = KannelSandboxConfiguration(outgoingQueueLimit: 5, connectsSMSC: false)
        let kannel = try await KannelSandbox.start(configuration)
        let provider = try Self.provider(kannel, listenerPort: 9, secret: "s")
        var outcomes: [SubmitOutcome] = []
        for id in 1...10 {
            outcomes += await provider.submit([Self.message(Int64(id))])
        }
        #expect(outcomes.first == .accepted(providerID: nil), "Kannel queues while no SMSC is connected")
        let pushedBack = outcomes.filter { if case .temporary(_, true, _) = $0 { true } else { false } }
        #expect(pushedBack.count >= 4, "\(outcomes)")
        await kannel.stop()
        let down = await provider.submit([Self.message(11)])
        await provider.shutdown()
        guard case .temporary(let reason, false, _)? = down.first else {
            Issue.record("a stopped Kannel gave \(down)")
            return
        }
        #expect(reason.contains("Kannel did not answer"))
    }

    @Test("The sendsms request carries the contract's parameters and a dlr-url with Kannel's escapes")
    func requestShape() async throws {
        let route = ProviderSettings(
            name: "kan",
            provider: .kannel,
            sender: "Remessa",
            url: URL(string: "http://127.0.0.1:13013/cgi-bin/sendsms"),
            username: "u",
            dlrURL: URL(string: "http://127.0.0.1:8080/"),
            smsc: "vivo"
        )
        let provider = try KannelProvider(
            route: route,
            credentials: KannelCredentials(username: "u", password: "p&w", webhookSecret: "hook"),
            logger: Logger(label: "test")
        )
        let url = try #require(
            URLComponents(string: provider.requestURL(for: Self.message(77, text: "a+b ç", encoding: .ucs2)))
        )
        var items: [String: String] = [:]
        for item in url.queryItems ?? [] {
            items[item.name] = item.value
        }
        let token = KannelTokens.deliveryReport(route: "kan", messageID: 77, secret: "hook")
        #expect(items["username"] == "u")
        #expect(items["password"] == "p&w")
        #expect(items["to"] == "5511987654321")
        #expect(items["text"] == "a+b ç")
        #expect(items["charset"] == "UTF-8")
        #expect(items["coding"] == "2")
        #expect(items["from"] == "Remessa")
        #expect(items["smsc"] == "vivo")
        #expect(items["dlr-mask"] == "31")
        #expect(items["dlr-url"] == "http://127.0.0.1:8080/dlr/kan?id=77&token=\(token)&type=%d&at=%T&reply=%A")
        #expect(items["validity"] == nil)
        let gsm = provider.requestURL(for: Self.message(78))
        #expect(!gsm.contains("coding="))

        // A campaign's sender replaces the route's; validity is the whole minutes left, at least one.
        let now = Date(timeIntervalSince1970: 1_798_000_000)
        var campaign = Self.message(79)
        campaign.sender = "LOJA"
        for (left, minutes) in [(5_399.0, "89"), (5_400, "90"), (20, "1"), (-30, "1")] {
            campaign.expiresAt = now.addingTimeInterval(left)
            let items = try #require(URLComponents(string: provider.requestURL(for: campaign, now: now))?.queryItems)
            #expect(items.first { $0.name == "from" }?.value == "LOJA")
            #expect(items.first { $0.name == "validity" }?.value == minutes)
        }
        await provider.shutdown()
    }

    @Test("Real Kannel takes a campaign's sender and a validity, and delivers with that sender")
    func campaignSenderAndValidity() async throws {
        try await KannelSandbox.withSandbox { kannel in
            let provider = try Self.provider(kannel, listenerPort: 9, secret: "s")
            var campaign = Self.message(1, text: "Natal com desconto")
            campaign.sender = "LOJA"
            campaign.expiresAt = Date().addingTimeInterval(90 * 60)
            let outcomes = await provider.submit([campaign, Self.message(2, text: "Sem campanha")])
            await provider.shutdown()
            #expect(outcomes == [.accepted(providerID: nil), .accepted(providerID: nil)])
            let deadline = ContinuousClock.now + .seconds(20)
            var received = kannel.receivedMessages()
            while received.count < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                received = kannel.receivedMessages()
            }
            #expect(received.first { $0.text == "Natal com desconto" }?.sender == "LOJA")
            #expect(received.first { $0.text == "Sem campanha" }?.sender == "Remessa")
        }
    }

    // MARK: - Helpers

    static func route(_ kannel: KannelSandbox, listenerPort: Int) -> ProviderSettings {
        ProviderSettings(
            name: "kan",
            provider: .kannel,
            maxInFlight: 32,
            sender: "Remessa",
            url: kannel.sendsmsURL,
            timeout: .seconds(30),
            username: kannel.username,
            dlrURL: URL(string: "http://127.0.0.1:\(listenerPort)")
        )
    }

    static func provider(_ kannel: KannelSandbox, listenerPort: Int, secret: String) throws -> KannelProvider {
        try KannelProvider(
            route: Self.route(kannel, listenerPort: listenerPort),
            credentials: KannelCredentials(username: kannel.username, password: kannel.password, webhookSecret: secret),
            logger: Logger(label: "test")
        )
    }

    static func message(_ id: Int64, text: String = "Oi, tudo bem?", encoding: SMSEncoding = .gsm7) -> OutgoingMessage {
        OutgoingMessage(
            id: id,
            destination: "5511987654321",
            text: text,
            encoding: encoding,
            segments: 1,
            drop: "acme",
            batchID: 1
        )
    }

    /// Submits `ids` with `workers` concurrent submitters; answers the outcomes that were not `accepted`.
    static func submitConcurrently(
        _ provider: KannelProvider,
        ids: ClosedRange<Int64>,
        workers: Int
    ) async -> [SubmitOutcome] {
        await withTaskGroup(of: [SubmitOutcome].self) { group in
            for worker in 0..<Int64(workers) {
                group.addTask {
                    var failures: [SubmitOutcome] = []
                    for id in stride(from: ids.lowerBound + worker, through: ids.upperBound, by: workers) {
                        let outcome = await provider.submit([Self.message(id)])
                        if outcome != [.accepted(providerID: nil)] {
                            failures += outcome
                        }
                    }
                    return failures
                }
            }
            var failures: [SubmitOutcome] = []
            for await part in group {
                failures += part
            }
            return failures
        }
    }

    /// The status code of a GET.
    static func get(_ url: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        return Int(response.status.code)
    }
}
