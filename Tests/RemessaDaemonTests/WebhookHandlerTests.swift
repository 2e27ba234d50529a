import Crypto
import Foundation
import InMemoryLogging
import Logging
import RemessaConfig
import RemessaCore
import RemessaMetrics
import RemessaProviders
import RemessaStore
import RemessaTesting
import Testing

@testable import RemessaDaemon
@testable import RemessaHTTP

@Suite("Webhooks into the store")
struct WebhookHandlerTests {
    static let secret = "segredo-do-gateway"

    /// A handler for routes `gw` and `gw2` (`http` gateways with their own secrets) over a fresh store holding
    /// one message ingested for `gw`, still queued.
    static func handler(
        _ fixture: DaemonFixture,
        metrics: DaemonMetrics = DaemonMetrics(),
        logger: Logger? = nil
    ) async throws -> (WebhookHandler, any Store, Int64) {
        let store = try SQLiteStore(directory: fixture.statePath, access: .daemon)
        let fileID = try await fixture.ingestOneMessage(into: store)
        let logger = logger ?? fixture.logger
        let handler = WebhookHandler(
            webhooks: ["gw": HTTPWebhooks(secret: secret), "gw2": HTTPWebhooks(secret: otherSecret)],
            intake: DeliveryReportIntake(store: store, metrics: metrics, logger: logger, settleDelays: []),
            store: store,
            drops: DropList([DropConfiguration(name: "acme", transport: .local, route: "gw")]),
            metrics: metrics,
            logger: logger
        )
        return (handler, store, fileID)
    }

    static let otherSecret = "segredo-de-outro-cliente"

    static func signedCall(
        _ kind: WebhookCall.Kind,
        _ json: String,
        route: String = "gw",
        secret: String = secret,
        signature: String? = nil
    ) -> WebhookCall {
        let body = Array(json.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return WebhookCall(
            kind: kind,
            route: route,
            request: WebhookRequest(
                method: "POST",
                headers: ["x-remessa-signature": signature ?? hex, "content-type": "application/json"],
                body: body
            )
        )
    }

    @Test(
        "An opt-out reply to a sent message puts its sender on that drop's own list; other replies, unattributed and forged ones change no list"
    )
    func mobileOriginatedOptOut() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let (handler, store, batchID) = try await Self.handler(fixture)
        let acme = OptOutListName.own(drop: "acme")
        // Nothing was sent to the number yet: the reply is kept, unattributed, and changes no list.
        let early = #"{"from": "5511987654321", "text": "SAIR", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, early)) == .ok)
        #expect(try await store.suppression("5511987654321") == nil)
        #expect(try await store.suppression("5511987654321", list: acme) == nil)
        #expect(try await store.replies(unattributed: true, limit: 10).map(\.from) == ["5511987654321"])

        let id = try #require(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).first).id
        try await store.recordDispatch([.submitted(messageID: id, providerID: "gw-1")])
        // In the national form, as a gateway may write it: read as E.164 (§3) before it is matched.
        let reply = #"{"from": "(11) 98765-4321", "text": "  Sáir! "}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, reply)) == .ok)
        #expect(try await store.suppression("5511987654321") == nil, "not on the global list")
        #expect(try await store.suppression("5511987654321", list: acme) != nil)
        let history = try await store.suppressionHistory("5511987654321", list: acme)
        #expect(history.map(\.source) == [.reply])
        #expect(history.first?.messageID == id)
        #expect(history.first?.actor == "mo:gw")
        let attributed = try await store.replies(drop: "acme", limit: 10)
        #expect(attributed.map(\.messageID) == [id])
        #expect(attributed.first?.optOut == true)
        #expect(attributed.first?.file == "a.csv")
        #expect(attributed.first?.line == 2)

        // Not an opt-out word: stored, attributed, no list change.
        let chat = #"{"from": "5511987654321", "text": "quero sair da lista amanhã"}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, chat)) == .ok)
        #expect(try await store.replies(drop: "acme", limit: 10).first?.optOut == false)
        #expect(try await store.suppressionHistory("5511987654321", list: acme).count == 1)

        // Through another route the same number is not attributed to this route's message.
        let otherRoute = #"{"from": "5511987654321", "text": "PARAR"}"#
        let call = Self.signedCall(.mobileOriginated, otherRoute, route: "gw2", secret: Self.otherSecret)
        #expect(await handler.handle(call) == .ok)
        #expect(try await store.replies(unattributed: true, limit: 10).count == 2)
        #expect(try await store.suppressionHistory("5511987654321", list: acme).count == 1)

        // A sender that is no phone number is answered 200, kept unattributed, and suppresses nothing.
        let shortCode = #"{"from": "29123", "text": "SAIR", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, shortCode)) == .ok)
        #expect(try await store.suppression("29123", list: acme) == nil)
        #expect(try await store.replies(unattributed: true, limit: 1).first?.from == "29123")

        let forged = #"{"from": "5511987654321", "text": "SAIR"}"#
        let answer = await handler.handle(
            Self.signedCall(.mobileOriginated, forged, signature: String(repeating: "0", count: 64))
        )
        #expect(answer.status == 401)
        #expect(try await store.replies(limit: 100).count == 5)
    }

    @Test("A delivery report is applied once; a repeat and a late intermediate status change nothing")
    func deliveryReportIdempotentAndOrderSafe() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let (handler, store, batchID) = try await Self.handler(fixture)
        let id = try #require(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).first).id
        try await store.recordDispatch([.submitted(messageID: id, providerID: "gw-1")])

        let delivered =
            #"{"providerId": "gw-1", "status": "DELIVERED", "code": "000", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.deliveryReport, delivered)) == .ok)
        #expect(await handler.handle(Self.signedCall(.deliveryReport, delivered)) == .ok)
        let late = #"{"id": "\#(id)", "status": "SUBMITTED", "at": "2026-11-21T09:59:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.deliveryReport, late)) == .ok)
        let unknown = #"{"id": "999999", "status": "DELIVERED", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.deliveryReport, unknown)) == .ok)

        let events = try await store.events(batchID: batchID, in: 1...Int64.max)
        #expect(events.map(\.status) == [.submitted, .delivered])
        #expect(try await store.batch(batchID)?.statusCounts == [.delivered: 1])
        let unknownRoute = WebhookCall(kind: .deliveryReport, route: "nope", request: WebhookRequest(method: "POST"))
        #expect(await handler.handle(unknownRoute).status == 404)
    }

    @Test("A report for a message still queued is answered 409 and changes nothing; the message is still sent")
    func reportBeforeSubmission() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let metrics = DaemonMetrics()
        let (handler, store, batchID) = try await Self.handler(fixture, metrics: metrics)
        let id = try #require(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).first).id

        let early = #"{"id": "\#(id)", "status": "DELIVERED", "at": "2026-11-21T10:00:00-03:00"}"#
        let answer = await handler.handle(Self.signedCall(.deliveryReport, early))
        #expect(answer.status == 409)
        #expect(try await store.batch(batchID)?.statusCounts == [.queued: 1])
        #expect(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).map(\.id) == [id])
        #expect(
            String(decoding: metrics.exposition(), as: UTF8.self).contains(
                #"remessa_route_delivery_reports_total{route="gw",outcome="unknown"} 1"#
            )
        )

        // Once submitted, the gateway's retry of the same report is applied.
        try await store.recordDispatch([.submitted(messageID: id, providerID: "gw-1")])
        #expect(await handler.handle(Self.signedCall(.deliveryReport, early)) == .ok)
        #expect(try await store.batch(batchID)?.statusCounts == [.delivered: 1])
    }

    @Test("Another customer's signed gateway cannot change this route's messages, by our id or by the gateway's")
    func reportFromAnotherRoute() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let metrics = DaemonMetrics()
        let (handler, store, batchID) = try await Self.handler(fixture, metrics: metrics)
        let id = try #require(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).first).id
        try await store.recordDispatch([.submitted(messageID: id, providerID: "gw-1")])

        for reference in [#""id": "\#(id)""#, #""providerId": "gw-1""#] {
            let report = #"{\#(reference), "status": "DELIVERED", "at": "2026-11-21T10:00:00-03:00"}"#
            let call = Self.signedCall(.deliveryReport, report, route: "gw2", secret: Self.otherSecret)
            #expect(await handler.handle(call) == .ok, "refused for good, like an unknown id")
        }
        #expect(try await store.batch(batchID)?.statusCounts == [.submitted: 1])
        #expect(
            String(decoding: metrics.exposition(), as: UTF8.self).contains(
                #"remessa_route_delivery_reports_total{route="gw2",outcome="unknown"} 2"#
            )
        )
        let logged = fixture.logs.entries.filter { $0.message.description == "Delivery report refused" }
        #expect(logged.count == 1, "one line per route every 10 s")
        #expect(logged.allSatisfy { !"\($0.metadata)".contains("5511987654321") })
    }
}

extension DaemonFixture {
    /// Claims, downloads and ingests a one-message file straight into `store`; returns its id (the batch's).
    func ingestOneMessage(into store: any Store) async throws -> Int64 {
        try await StoreFixture.acceptedBatch("a.csv", route: "gw", count: 1, in: store) { _ in
            MessageDraft(
                line: 2,
                destination: "5511987654321",
                correlationID: nil,
                priority: .media,
                text: "Oi",
                encoding: .gsm7,
                segments: 1
            )
        }.file
    }
}
