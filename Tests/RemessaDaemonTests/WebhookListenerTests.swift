import AsyncHTTPClient
import Crypto
import Foundation
import InMemoryLogging
import Logging
import NIOCore
import NIOHTTP1
import RemessaCore
import RemessaHTTP
import RemessaMetrics
import RemessaStore
import RemessaTesting
import Testing

@testable import RemessaDaemon

/// Webhook calls through the daemon's real listener (``HTTPService`` on loopback) into a real store.
@Suite("Webhooks over the listener", .timeLimit(.minutes(3)))
struct WebhookListenerTests {
    @Test("A timestamped call is applied; the same call replayed after 300 s is refused 401; the old form still works")
    func timestampedSignatures() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let (handler, store, batchID) = try await WebhookHandlerTests.handler(fixture)
        let id = try #require(try await store.queuedMessages(batchID: batchID, afterID: 0, limit: 1).first).id
        try await store.recordDispatch([.submitted(messageID: id, providerID: "gw-1")])
        let report = Array(#"{"id": "\#(id)", "status": "DELIVERED", "at": "2026-11-21T10:00:00-03:00"}"#.utf8)
        let reply = Array(#"{"from": "11987654321", "text": "SAIR"}"#.utf8)
        let now = Int(Date().timeIntervalSince1970)

        try await withWebhookListener(handler) { port in
            // Captured earlier and sent again: refused, nothing changes.
            for old in [now - 301, now - 3600, now + 400] {
                let replayed = try await Self.post(port, "/dlr/gw", report, timestamp: old)
                #expect(replayed.status == 401, "timestamp \(old - now) s from now")
                let mo = try await Self.post(port, "/mo/gw", reply, timestamp: old)
                #expect(mo.status == 401)
            }
            #expect(try await store.batch(batchID)?.statusCounts == [.submitted: 1])
            #expect(try await store.suppression("5511987654321") == nil)

            #expect(try await Self.post(port, "/dlr/gw", report, timestamp: now).status == 200)
            #expect(try await store.batch(batchID)?.statusCounts == [.delivered: 1])
            // The old form: no X-Remessa-Timestamp, the body alone signed.
            #expect(try await Self.post(port, "/mo/gw", reply, timestamp: nil).status == 200)
            // Attributed to drop acme's message: its own list, not the global one.
            #expect(try await store.suppression("5511987654321", list: OptOutListName.own(drop: "acme")) != nil)
            #expect(try await store.suppression("5511987654321") == nil)
            // A signature over the body alone does not pass with a timestamp it does not cover.
            let unsigned = try await Self.post(port, "/dlr/gw", report, timestamp: now, signingTimestamp: false)
            #expect(unsigned.status == 401)
        }
    }

    @Test("A flood of unauthenticated calls is answered 401 each and logged once per route and 10 s")
    func unauthenticatedFlood() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let metrics = DaemonMetrics()
        let (handler, _, _) = try await WebhookHandlerTests.handler(fixture, metrics: metrics)
        let body = Array(#"{"id": "1", "status": "DELIVERED"}"#.utf8)
        let started = ContinuousClock.now
        try await withWebhookListener(handler) { port in
            for index in 0..<200 {
                let path = index % 4 == 0 ? "/mo/gw" : "/dlr/gw"
                let answer = try await Self.post(port, path, body, timestamp: nil, secret: "not-the-secret")
                #expect(answer.status == 401)
            }
            for _ in 0..<20 {
                #expect(
                    try await Self.post(port, "/dlr/gw2", body, timestamp: nil, secret: "not-the-secret").status == 401
                )
            }
        }
        let elapsed = ContinuousClock.now - started
        let lines = fixture.logs.entries.filter { $0.message.description == "Webhook refused" }
        let perRoute = Dictionary(grouping: lines) { "\($0.metadata["remessa.route"] ?? "")" }
        let bound = 1 + Int(elapsed / .seconds(10))
        #expect((1...bound).contains(perRoute["gw"]?.count ?? 0), "\(perRoute["gw"]?.count ?? 0) lines in \(elapsed)")
        #expect((1...bound).contains(perRoute["gw2"]?.count ?? 0))
        #expect(perRoute.keys.sorted() == ["gw", "gw2"])
        #expect(lines.first?.metadata["remessa.suppressed"] == "0")
        #expect(lines.allSatisfy { !"\($0.metadata)".contains("not-the-secret") })
        #expect(
            String(decoding: metrics.exposition(), as: UTF8.self).contains(
                #"remessa_route_delivery_reports_total{route="gw",outcome="refused"} 200"#
            )
        )
    }

    /// POSTs `body` signed with `secret`: over `<timestamp>.<body>` with `X-Remessa-Timestamp` when `timestamp`
    /// is given (unless `signingTimestamp` is false), else over the body alone.
    static func post(
        _ port: Int,
        _ path: String,
        _ body: [UInt8],
        timestamp: Int?,
        secret: String = WebhookHandlerTests.secret,
        signingTimestamp: Bool = true
    ) async throws -> (status: Int, text: String) {
        let key = SymmetricKey(data: Array(secret.utf8))
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let signed: [UInt8]
        if let timestamp {
            request.headers.add(name: "X-Remessa-Timestamp", value: "\(timestamp)")
            signed = signingTimestamp ? Array("\(timestamp).".utf8) + body : body
        } else {
            signed = body
        }
        let signature = HMAC<SHA256>.authenticationCode(for: signed, using: key).map { String(format: "%02x", $0) }
        request.headers.add(name: "X-Remessa-Signature", value: signature.joined())
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), String(buffer: text))
    }
}

/// Runs the daemon's HTTP listener on 127.0.0.1 (a free port) with the webhooks routed to `handler`, for `body`.
func withWebhookListener<Value: Sendable>(
    _ handler: WebhookHandler,
    limits: HTTPListenerLimits = HTTPListenerLimits(),
    _ body: @escaping @Sendable (_ port: Int) async throws -> Value
) async throws -> Value {
    let logger = Logger(label: "remessa.http.test") { _ in SwiftLogNoOpLogHandler() }
    return try await LoopbackService.run(
        { reportPort in
            HTTPService(
                host: "127.0.0.1",
                port: 0,
                limits: limits,
                metrics: DaemonMetrics(),
                logger: logger,
                configureRouter: { router in
                    router.addWebhooks(maxBody: limits.maxBodySize) { call in await handler.handle(call) }
                },
                onServerRunning: reportPort
            )
        },
        body
    )
}
