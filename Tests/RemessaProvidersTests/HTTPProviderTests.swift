import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaProviders

@Suite("HTTP provider against a loopback gateway", .timeLimit(.minutes(1)))
struct HTTPProviderTests {
    @Test("The body and headers are exactly the contract's, and a providerId is kept")
    func wireFormat() async throws {
        let recorder = RequestRecorder()
        let outcomes = try await Self.submit(
            [Self.message(101, text: "Olá \"Ana\"\n✓", correlationID: "c-1"), Self.message(102, encoding: .gsm7)],
            path: "/ok",
            recorder: recorder
        )
        #expect(outcomes == [.accepted(providerID: "gw-1"), .accepted(providerID: "gw-2")])
        let requests = recorder.requests
        try #require(requests.count == 2)
        #expect(requests[0].method == "POST")
        #expect(requests[0].headers["authorization"] == "Bearer t0ken")
        #expect(requests[0].headers["idempotency-key"] == "101")
        #expect(requests[0].headers["content-type"] == "application/json")
        let body = try #require(JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [String: Any])
        #expect(body["id"] as? String == "101")
        #expect(body["to"] as? String == "5511987654321")
        #expect(body["text"] as? String == "Olá \"Ana\"\n✓")
        #expect(body["encoding"] as? String == "UCS2")
        #expect(body["segments"] as? Int == 1)
        #expect(body["correlationId"] as? String == "c-1")
        #expect(body["drop"] as? String == "acme")
        #expect(body["batch"] as? String == "9")
        #expect(
            Set(body.keys) == [
                "id", "to", "text", "encoding", "segments", "correlationId", "drop", "batch", "sender", "expiresAt",
            ]
        )
        #expect(body["sender"] is NSNull)
        #expect(body["expiresAt"] is NSNull)
        let second = String(decoding: requests[1].body, as: UTF8.self)
        #expect(second.contains("\"correlationId\":null"))
        #expect(second.contains("\"encoding\":\"GSM7\""))
        #expect(requests[1].headers["idempotency-key"] == "102")
    }

    @Test("sender is the batch's, else the route's, else null; expiresAt is ISO 8601 UTC or null (§9a)")
    func senderAndExpiry() async throws {
        let expiresAt = Date(timeIntervalSince1970: 1_798_149_600.7)
        var campaign = Self.message(1)
        campaign.sender = "LOJA"
        campaign.expiresAt = expiresAt
        for (routeSender, expected) in [("Remessa", "Remessa"), (nil, nil)] as [(String?, String?)] {
            let recorder = RequestRecorder()
            _ = try await Self.submit(
                [campaign, Self.message(2)],
                path: "/ok",
                sender: routeSender,
                recorder: recorder
            )
            _ = try await Self.submit(
                [campaign, Self.message(2)],
                path: "/ok",
                batch: true,
                sender: routeSender,
                recorder: recorder
            )
            try #require(recorder.requests.count == 3)
            var bodies: [[String: Any]] = []
            for request in recorder.requests {
                let json = try JSONSerialization.jsonObject(with: Data(request.body))
                if let array = json as? [[String: Any]] {
                    bodies += array
                } else {
                    bodies.append(try #require(json as? [String: Any]))
                }
            }
            #expect(bodies.count == 4)
            for body in bodies {
                if body["id"] as? String == "1" {
                    #expect(body["sender"] as? String == "LOJA")
                    #expect(body["expiresAt"] as? String == "2026-12-24T22:00:00+00:00")
                } else {
                    #expect(body["sender"] as? String == expected)
                    #expect((body["sender"] is NSNull) == (expected == nil))
                    #expect(body["expiresAt"] is NSNull)
                }
            }
        }
    }

    @Test("Basic authentication from username and password")
    func basicAuthentication() async throws {
        let recorder = RequestRecorder()
        _ = try await Self.submit(
            [Self.message(1)],
            path: "/ok",
            credentials: .basic(username: "acme", password: "s3cret"),
            recorder: recorder
        )
        #expect(recorder.requests.first?.headers["authorization"] == "Basic YWNtZTpzM2NyZXQ=")
    }

    @Test("429 pushes back with Retry-After; 5xx and 408 are temporary")
    func temporaryAnswers() async throws {
        let slowDown = try await Self.submit([Self.message(1)], path: "/status/429")
        #expect(
            slowDown == [
                .temporary(
                    reason: "the gateway asked to slow down (429)",
                    pushBack: true,
                    retryAfter: .seconds(7)
                )
            ]
        )
        for code in [500, 502, 503, 408] {
            let outcome = try await Self.submit([Self.message(1)], path: "/status/\(code)")
            guard case .temporary(_, let pushBack, _)? = outcome.first else {
                Issue.record("\(code) gave \(outcome)")
                continue
            }
            #expect(!pushBack)
        }
    }

    @Test("400/422 naming the destination is INVALID_NUMBER; other 4xx are CARRIER_REJECTED; 401 is temporary")
    func finalAnswers() async throws {
        let invalid = try await Self.submit([Self.message(1)], path: "/status/400?body=destination")
        #expect(invalid.first.map(Self.rejection) == .some(.some(.invalidNumber)))
        if case .rejected(_, let code, let detail)? = invalid.first {
            #expect(code == "HTTP_400")
            #expect(detail.contains("destination"))
        }
        let unprocessable = try await Self.submit([Self.message(1)], path: "/status/422?body=to")
        #expect(unprocessable.first.map(Self.rejection) == .some(.some(.invalidNumber)))
        let other = try await Self.submit([Self.message(1)], path: "/status/400?body=text")
        #expect(
            other == [.rejected(status: .carrierRejected, reasonCode: "HTTP_400", detail: "{\"error\":\"bad text\"}")]
        )
        let forbidden = try await Self.submit([Self.message(1)], path: "/status/403?body=text")
        #expect(forbidden.first.map(Self.rejection) == .some(.some(.carrierRejected)))
        let unauthorized = try await Self.submit([Self.message(1)], path: "/status/401")
        guard case .temporary(let reason, false, _)? = unauthorized.first else {
            Issue.record("401 gave \(unauthorized)")
            return
        }
        #expect(reason.contains("credentials"))
    }

    @Test("A gateway slower than the route's timeout, or a refused connection, is temporary")
    func transportFailures() async throws {
        let slow = try await withLoopbackServer(Self.gateway(RequestRecorder())) { port in
            let route = ProviderSettings(
                name: "gw",
                provider: .http,
                url: URL(string: "http://127.0.0.1:\(port)/slow"),
                timeout: .milliseconds(300)
            )
            let provider = try HTTPProvider(route: route, credentials: .none, logger: Logger(label: "test"))
            let started = ContinuousClock.now
            let outcomes = await provider.submit([Self.message(1)])
            // Cut off by the 300 ms timeout, well before the gateway's 12 s answer (with room for a loaded machine:
            // a full run once took 4.1 s).
            #expect(ContinuousClock.now - started < .seconds(8))
            await provider.shutdown()
            return outcomes
        }
        guard case .temporary(_, false, _)? = slow.first else {
            Issue.record("a slow gateway gave \(slow)")
            return
        }
        let closedPort = try FreePort.find()
        let route = ProviderSettings(
            name: "gw",
            provider: .http,
            url: URL(string: "http://127.0.0.1:\(closedPort)/sms"),
            timeout: .seconds(2)
        )
        let provider = try HTTPProvider(route: route, credentials: .none, logger: Logger(label: "test"))
        let refused = await provider.submit([Self.message(1)])
        await provider.shutdown()
        guard case .temporary(let reason, false, _)? = refused.first else {
            Issue.record("a refused connection gave \(refused)")
            return
        }
        #expect(reason.contains("did not answer"))
    }

    @Test("After failed connects, reconnect() starts a fresh pool: the gateway's return is used at once")
    func reconnectAfterOutage() async throws {
        let port = try FreePort.find()
        let route = ProviderSettings(
            name: "gw",
            provider: .http,
            maxInFlight: 20,
            url: URL(string: "http://127.0.0.1:\(port)/ok"),
            timeout: .seconds(3)
        )
        let provider = try HTTPProvider(route: route, credentials: .none, logger: Logger(label: "test"))
        // Six seconds of refused connections on 20 connections at once: the pool counts every failed connect and
        // its own backoff before the next attempt has grown to tens of seconds.
        for round in 0..<2 {
            let temporary = await withTaskGroup(of: Bool.self) { group in
                for id in 1...20 {
                    group.addTask {
                        guard case .temporary = await provider.submit([Self.message(Int64(round * 20 + id))]).first
                        else { return false }
                        return true
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(temporary == 20, "refused connections are temporary")
        }
        // Back again: without a fresh pool the next request would wait out that backoff and time out (3 s).
        let recorder = RequestRecorder()
        let outcome = try await withLoopbackServer(Self.gateway(recorder), port: port) { _ in
            await provider.reconnect()
            return await provider.submit([Self.message(41)]).first
        }
        await provider.shutdown()
        #expect(outcome == .accepted(providerID: "gw-1"))
        #expect(recorder.requests.count == 1)
    }

    @Test("Batch mode posts arrays of up to 100 and reads per-message results")
    func batch() async throws {
        let recorder = RequestRecorder()
        let messages = (1...150).map { Self.message(Int64($0)) }
        let outcomes = try await Self.submit(messages, path: "/batch", batch: true, recorder: recorder)
        #expect(outcomes.count == 150)
        let requests = recorder.requests
        try #require(requests.count == 2)
        let first = try #require(JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [[String: Any]])
        #expect(first.count == 100)
        #expect(first.first?["id"] as? String == "1")
        #expect(requests[0].headers["idempotency-key"] == HTTPBatchAnswer.idempotencyKey(for: Array(messages[0..<100])))
        #expect(requests[0].headers["idempotency-key"] != requests[1].headers["idempotency-key"])
        // The loopback gateway refuses multiples of 10 as invalid numbers, leaves out multiples of 7, accepts the rest.
        for (index, outcome) in outcomes.enumerated() {
            let id = index + 1
            if id % 10 == 0 {
                #expect(
                    outcome == .rejected(status: .invalidNumber, reasonCode: "E_NUMBER", detail: "no such subscriber")
                )
            } else if id % 7 == 0 {
                guard case .temporary = outcome else {
                    Issue.record("\(id): \(outcome)")
                    continue
                }
            } else {
                #expect(outcome == .accepted(providerID: "gw-\(id)"))
            }
        }
    }

    // MARK: - Helpers

    static func submit(
        _ messages: [OutgoingMessage],
        path: String,
        batch: Bool = false,
        timeout: Duration = .seconds(30),
        credentials: HTTPCredentials = .bearer("t0ken"),
        sender: String? = nil,
        recorder: RequestRecorder = RequestRecorder()
    ) async throws -> [SubmitOutcome] {
        try await withLoopbackServer(Self.gateway(recorder)) { port in
            let route = ProviderSettings(
                name: "gw",
                provider: .http,
                maxInFlight: 4,
                sender: sender,
                url: URL(string: "http://127.0.0.1:\(port)\(path)"),
                batch: batch,
                timeout: timeout
            )
            let provider = try HTTPProvider(route: route, credentials: credentials, logger: Logger(label: "test"))
            let outcomes = await provider.submit(messages)
            await provider.shutdown()
            return outcomes
        }
    }

    static func gateway(_ recorder: RequestRecorder) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/ok") { request, _ -> Response in
            let recorded = try await recorder.record(request)
            return .text(.ok, "{\"providerId\":\"gw-\(recorder.requests.count)\",\"echo\":\(recorded.body.count)}")
        }
        router.post("/status/:code") { request, context -> Response in
            _ = try await recorder.record(request)
            let code = context.parameters.get("code", as: Int.self) ?? 500
            let body =
                switch request.uri.queryParameters["body"] {
                case "destination": "{\"error\":\"invalid destination number\"}"
                case "to": "{\"field\":\"to\",\"error\":\"invalid\"}"
                case "text": "{\"error\":\"bad text\"}"
                default: "{}"
                }
            var headers = HTTPFields()
            if code == 429 {
                headers[.retryAfter] = "7"
            }
            return .text(HTTPResponse.Status(code: code), body, headers: headers)
        }
        router.post("/slow") { request, _ -> Response in
            _ = try await recorder.record(request)
            try await Task.sleep(for: .seconds(12))
            return .text(.ok, "{}")
        }
        router.post("/batch") { request, _ -> Response in
            let recorded = try await recorder.record(request)
            let messages = try JSONSerialization.jsonObject(with: Data(recorded.body)) as? [[String: Any]] ?? []
            var results: [String] = []
            for message in messages {
                guard let id = (message["id"] as? String).flatMap(Int.init) else { continue }
                if id % 10 == 0 {
                    results.append(
                        "{\"id\":\"\(id)\",\"status\":\"INVALID_NUMBER\",\"code\":\"E_NUMBER\",\"detail\":\"no such subscriber\"}"
                    )
                } else if id % 7 != 0 {
                    results.append("{\"id\":\(id),\"providerId\":\"gw-\(id)\"}")
                }
            }
            return .text(.ok, "[" + results.joined(separator: ",") + "]")
        }
        return router
    }

    static func message(
        _ id: Int64,
        text: String = "Oi",
        encoding: SMSEncoding = .ucs2,
        correlationID: String? = nil
    ) -> OutgoingMessage {
        OutgoingMessage(
            id: id,
            destination: "5511987654321",
            text: text,
            encoding: encoding,
            segments: 1,
            correlationID: correlationID,
            drop: "acme",
            batchID: 9
        )
    }

    static func rejection(_ outcome: SubmitOutcome) -> MessageStatus? {
        if case .rejected(let status, _, _) = outcome { return status }
        return nil
    }
}

/// What a loopback gateway received.
final class RequestRecorder: Sendable {
    struct Recorded: Sendable {
        var method: String
        var headers: [String: String]
        var body: [UInt8]
    }

    private let recorded = Mutex<[Recorded]>([])

    var requests: [Recorded] { self.recorded.withLock { $0 } }

    func record(_ request: Request) async throws -> Recorded {
        let webhook = try await WebhookRequest.from(request)
        let recorded = Recorded(method: webhook.method, headers: webhook.headers, body: webhook.body)
        self.recorded.withLock { $0.append(recorded) }
        return recorded
    }
}
