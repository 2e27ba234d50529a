import Crypto
import Foundation
import Logging
import RemessaCore
import RemessaProviders
import RemessaStore
import Testing

@testable import RemessaDaemon
@testable import RemessaHTTP

@Suite("Webhooks into the store")
struct WebhookHandlerTests {
    static let secret = "segredo-do-gateway"

    /// A handler for route `gw` (an `http` gateway) over a fresh store holding one submitted message.
    static func handler(_ fixture: DaemonFixture) async throws -> (WebhookHandler, Store, Int64) {
        let store = try Store(directory: fixture.statePath, access: .daemon)
        let fileID = try await fixture.ingestOneMessage(into: store)
        let metrics = DaemonMetrics()
        let handler = WebhookHandler(
            webhooks: ["gw": HTTPWebhooks(secret: secret)],
            intake: DeliveryReportIntake(store: store, metrics: metrics, logger: fixture.logger),
            store: store,
            metrics: metrics,
            logger: fixture.logger
        )
        return (handler, store, fileID)
    }

    static func signedCall(_ kind: WebhookCall.Kind, _ json: String, signature: String? = nil) -> WebhookCall {
        let body = Array(json.utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return WebhookCall(
            kind: kind,
            route: "gw",
            method: "POST",
            query: [:],
            headers: ["x-remessa-signature": signature ?? hex, "content-type": "application/json"],
            body: body
        )
    }

    @Test("A reply that is an opt-out word puts its sender on the list; other replies and forged ones do not")
    func mobileOriginatedOptOut() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let (handler, store, _) = try await Self.handler(fixture)

        let reply = #"{"from": "5511987654321", "text": "  Sáir! ", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, reply)) == .ok)
        #expect(try await store.isSuppressed("5511987654321"))
        let history = try await store.suppressionHistory("5511987654321")
        #expect(history.count == 1)
        #expect(history.first?.actor == "mo:gw")

        let chat =
            #"{"from": "5521998765432", "text": "quero sair da lista amanhã", "at": "2026-11-21T10:00:00-03:00"}"#
        #expect(await handler.handle(Self.signedCall(.mobileOriginated, chat)) == .ok)
        #expect(try await store.isSuppressed("5521998765432") == false)

        let forged = #"{"from": "5531987654321", "text": "SAIR", "at": "2026-11-21T10:00:00-03:00"}"#
        let answer = await handler.handle(
            Self.signedCall(.mobileOriginated, forged, signature: String(repeating: "0", count: 64))
        )
        #expect(answer.status == 401)
        #expect(try await store.isSuppressed("5531987654321") == false)
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
        let unknownRoute = WebhookCall(
            kind: .deliveryReport,
            route: "nope",
            method: "POST",
            query: [:],
            headers: [:],
            body: []
        )
        #expect(await handler.handle(unknownRoute).status == 404)
    }
}

extension DaemonFixture {
    /// Claims, downloads and ingests a one-message file straight into `store`; returns its id (the batch's).
    func ingestOneMessage(into store: Store) async throws -> Int64 {
        let id = try await store.recordClaimIntent(
            drop: "acme",
            name: "a.csv",
            processingName: "a.csv",
            remoteSize: 10,
            remoteModification: 1
        )
        try await store.setStage(.claimed, of: id)
        try await store.recordDownload(of: id, size: 10, sha256: "abc")
        return try await store.ingest(fileID: id, drop: "acme", route: "gw") { writer in
            _ = try writer.insert(
                MessageDraft(
                    line: 2,
                    destination: "5511987654321",
                    correlationID: nil,
                    priority: .media,
                    text: "Oi",
                    encoding: .gsm7,
                    segments: 1
                )
            )
            let summary = IngestSummary(
                layout: "base",
                encoding: "utf-8",
                rows: 1,
                accepted: 1,
                rejected: 0,
                segments: 1
            )
            return .commit(summary, id)
        }
    }
}
