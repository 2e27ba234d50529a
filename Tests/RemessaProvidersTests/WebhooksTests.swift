import Crypto
import Foundation
import RemessaCore
import Testing

@testable import RemessaProviders

@Suite("Webhook parsing")
struct WebhooksTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: HTTP

    @Test("A signed HTTP report is read; a wrong, missing or unconfigured signature is refused")
    func httpSignature() throws {
        let webhooks = HTTPWebhooks(secret: "hook-secret", now: { self.at })
        let body = Array(#"{"id":"42","status":"DELIVERED","code":"DLVRD","at":"2026-03-01T12:00:00Z"}"#.utf8)
        let signature = Self.sign(body, "hook-secret")
        let reports = try webhooks.deliveryReports(from: Self.post(body, signature: signature))
        #expect(
            reports == [
                DeliveryReport(
                    reference: .message(42),
                    status: .delivered,
                    reasonCode: "DLVRD",
                    at: try Date("2026-03-01T12:00:00Z", strategy: .iso8601)
                )
            ]
        )
        #expect(try webhooks.deliveryReports(from: Self.post(body, signature: "sha256=" + signature)).count == 1)
        #expect(try webhooks.deliveryReports(from: Self.post(body, signature: signature.uppercased())).count == 1)
        #expect(throws: WebhookError.unauthorized("wrong X-Remessa-Signature")) {
            try webhooks.deliveryReports(from: Self.post(body, signature: Self.sign(body, "other")))
        }
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "1")
        #expect(throws: WebhookError.unauthorized("wrong X-Remessa-Signature")) {
            try webhooks.deliveryReports(from: Self.post(tampered, signature: signature))
        }
        #expect(throws: WebhookError.unauthorized("missing X-Remessa-Signature")) {
            try webhooks.deliveryReports(from: Self.post(body, signature: nil))
        }
        #expect(throws: WebhookError.unauthorized("the route has no webhookSecret")) {
            try HTTPWebhooks(secret: nil).deliveryReports(from: Self.post(body, signature: signature))
        }
    }

    @Test("An array of HTTP reports by id or providerId; unknown statuses and bad bodies are malformed")
    func httpArray() throws {
        let webhooks = HTTPWebhooks(secret: "s", now: { self.at })
        let body = Array(
            #"[{"providerId":"gw-9","status":"EXPIRED"},{"id":7,"status":"SUBMITTED","at":"2026-03-01T12:00:00.250Z"}]"#
                .utf8
        )
        let reports = try webhooks.deliveryReports(from: Self.post(body, signature: Self.sign(body, "s")))
        #expect(reports.count == 2)
        #expect(reports[0] == DeliveryReport(reference: .provider("gw-9"), status: .expired, at: self.at))
        #expect(reports[1].reference == .message(7))
        #expect(reports[1].status == .submitted)
        #expect(abs(reports[1].at.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) - 0.25) < 0.001)
        for bad in [
            #"{"id":"1","status":"GONE"}"#, #"{"status":"DELIVERED"}"#, "not json", #"{"id":"1"}"#,
            #"{"id":"1","status":"DELIVERED","at":"yesterday"}"#, #"{"id":"x","status":"DELIVERED"}"#,
        ] {
            let bytes = Array(bad.utf8)
            #expect(throws: WebhookError.self) {
                try webhooks.deliveryReports(from: Self.post(bytes, signature: Self.sign(bytes, "s")))
            }
            do {
                _ = try webhooks.deliveryReports(from: Self.post(bytes, signature: Self.sign(bytes, "s")))
            } catch {
                guard case .malformed = error else {
                    Issue.record("\(bad): \(error)")
                    continue
                }
            }
        }
    }

    @Test("A signed HTTP MO is read")
    func httpMobileOriginated() throws {
        let webhooks = HTTPWebhooks(secret: "s", now: { self.at })
        let body = Array(#"{"from":"+55 11 98765-4321","text":"SAIR","at":"2026-03-01T12:00:00Z"}"#.utf8)
        let mo = try webhooks.mobileOriginated(from: Self.post(body, signature: Self.sign(body, "s")))
        #expect(mo.from == "+55 11 98765-4321", "read with the phone rules by the daemon, not here")
        #expect(mo.text == "SAIR")
        #expect(throws: WebhookError.self) {
            try webhooks.mobileOriginated(from: Self.post(body, signature: Self.sign(body, "t")))
        }
        for from in ["\"OPERADORA\"", "\"\"", "\"" + String(repeating: "1", count: 40) + "\""] {
            let bad = Array(#"{"from":\#(from),"text":"SAIR"}"#.utf8)
            #expect(throws: WebhookError.malformed("the MO's \"from\" is not a phone number")) {
                try webhooks.mobileOriginated(from: Self.post(bad, signature: Self.sign(bad, "s")))
            }
        }
    }

    @Test("A timestamped signature covers <timestamp>.<body>; more than 300 s either way is a replay")
    func httpTimestampedSignature() throws {
        let body = Array(#"{"id":"42","status":"DELIVERED"}"#.utf8)
        let now = self.at
        func verify(_ timestamp: String?, signature: String) throws(WebhookError) {
            try WebhookSignature.verify(body: body, signature: signature, timestamp: timestamp, secret: "s", now: now)
        }
        func signed(_ timestamp: String) -> String { Self.sign(Array((timestamp + ".").utf8) + body, "s") }

        try verify("1800000000", signature: signed("1800000000"))
        try verify("1799999700", signature: signed("1799999700"))
        try verify("1800000300", signature: "sha256=" + signed("1800000300"))
        // The old form, without the header, still signs the body alone.
        try verify(nil, signature: Self.sign(body, "s"))

        let replay = WebhookError.unauthorized("X-Remessa-Timestamp is more than 300 s from now (a replay?)")
        #expect(throws: replay) { try verify("1799999699", signature: signed("1799999699")) }
        #expect(throws: replay) { try verify("1800000301", signature: signed("1800000301")) }
        #expect(throws: replay) { try verify("0", signature: signed("0")) }
        // A timestamp the signature does not cover, or a body-only signature sent with a timestamp.
        #expect(throws: WebhookError.unauthorized("wrong X-Remessa-Signature")) {
            try verify("1800000001", signature: signed("1800000000"))
        }
        #expect(throws: WebhookError.unauthorized("wrong X-Remessa-Signature")) {
            try verify("1800000000", signature: Self.sign(body, "s"))
        }
        for bad in ["", "-5", "1.8e9", "18000000000000000000000", "abc"] {
            #expect(throws: WebhookError.unauthorized("X-Remessa-Timestamp is not Unix seconds")) {
                try verify(bad, signature: signed(bad))
            }
        }

        let webhooks = HTTPWebhooks(secret: "s", now: { now })
        var request = Self.post(body, signature: signed("1799999000"))
        request.headers["x-remessa-timestamp"] = "1799999000"
        #expect(throws: replay) { try webhooks.deliveryReports(from: request) }
        request = Self.post(body, signature: signed("1800000010"))
        request.headers["x-remessa-timestamp"] = "1800000010"
        #expect(try webhooks.deliveryReports(from: request).map(\.reference) == [.message(42)])
    }

    // MARK: Kannel

    @Test("Kannel's report types and SMPP receipts map to the contract's statuses")
    func kannelTypes() throws {
        let webhooks = KannelWebhooks(route: "kan", secret: "k", now: { self.at })
        func report(_ type: String, reply: String = "", at: String? = "1800000100") throws -> DeliveryReport {
            var query = [
                "id": "5", "token": KannelTokens.deliveryReport(route: "kan", messageID: 5, secret: "k"),
                "type": type, "reply": reply,
            ]
            query["at"] = at
            let reports = try webhooks.deliveryReports(from: WebhookRequest(method: "GET", query: query))
            try #require(reports.count == 1)
            return reports[0]
        }
        #expect(
            try report("1")
                == DeliveryReport(
                    reference: .message(5),
                    status: .delivered,
                    reasonCode: "KANNEL_1",
                    at: Date(timeIntervalSince1970: 1_800_000_100)
                )
        )
        #expect(try report("1", reply: "id:1 sub:001 dlvrd:001 stat:DELIVRD err:000").reasonCode == "DELIVRD")
        #expect(try report("2").status == .notDelivered)
        #expect(try report("2", reply: "id:1+sub:001+dlvrd:000+stat:UNDELIV+err:011").reasonCode == "UNDELIV")
        #expect(try report("2", reply: "id:1 sub:001 dlvrd:000 stat:EXPIRED err:000").status == .expired)
        #expect(try report("2", reply: "id:1 sub:001 dlvrd:000 stat:REJECTD err:000").status == .carrierRejected)
        #expect(try report("16", reply: "NACK/0x00000045/Submit failed").status == .carrierRejected)
        #expect(try report("16", reply: "NACK/0x0000000b/Invalid Destination Address").status == .invalidNumber)
        #expect(try report("8", reply: "ACK/").status == .submitted)
        #expect(try report("4").status == .submitted)
        #expect(try report("8", at: nil).at == self.at)
        #expect(throws: WebhookError.malformed("unknown Kannel DLR type 64")) { try report("64") }
    }

    @Test("A Kannel report with a wrong or missing token is refused")
    func kannelToken() throws {
        let webhooks = KannelWebhooks(route: "kan", secret: "k")
        let good = KannelTokens.deliveryReport(route: "kan", messageID: 5, secret: "k")
        #expect(good.count == 32)
        #expect(good == WebhookSignature.token("kan:5", secret: "k"))
        let forOther = KannelTokens.deliveryReport(route: "kan", messageID: 6, secret: "k")
        for query in [
            ["id": "5", "type": "1"], ["id": "5", "type": "1", "token": forOther],
            ["id": "5", "type": "1", "token": KannelTokens.deliveryReport(route: "other", messageID: 5, secret: "k")],
        ] {
            #expect(throws: WebhookError.self) {
                try webhooks.deliveryReports(from: WebhookRequest(method: "GET", query: query))
            }
        }
        #expect(throws: WebhookError.malformed("the delivery report has no message id")) {
            try webhooks.deliveryReports(from: WebhookRequest(method: "GET", query: ["token": good]))
        }
    }

    @Test("A Kannel MO is read with its route token; + is a space")
    func kannelMobileOriginated() throws {
        let webhooks = KannelWebhooks(route: "kan", secret: "k", now: { self.at })
        let token = KannelWebhooks.moToken(route: "kan", secret: "k")
        let mo = try webhooks.mobileOriginated(
            from: WebhookRequest(
                method: "GET",
                query: ["from": "+5511999990000", "text": "Sair+agora", "token": token]
            )
        )
        #expect(mo == MobileOriginated(from: "+5511999990000", text: "Sair agora", at: self.at))
        #expect(throws: WebhookError.unauthorized("missing or wrong MO token")) {
            try webhooks.mobileOriginated(
                from: WebhookRequest(
                    method: "GET",
                    query: ["from": "5511", "text": "x", "token": KannelWebhooks.moToken(route: "other", secret: "k")]
                )
            )
        }
    }

    @Test("sendsms answers map to outcomes")
    func kannelAnswers() {
        #expect(KannelProvider.outcome(status: 202, body: "0: Accepted for delivery") == .accepted(providerID: nil))
        #expect(KannelProvider.outcome(status: 202, body: "3: Queued for later delivery") == .accepted(providerID: nil))
        guard
            case .temporary(_, true, _) = KannelProvider.outcome(
                status: 503,
                body: "Temporal failure, try again later."
            )
        else {
            Issue.record("503 must push back")
            return
        }
        guard
            case .temporary(let reason, false, _) = KannelProvider.outcome(
                status: 403,
                body: "Authorization failed for sendsms"
            )
        else {
            Issue.record("403 must be temporary")
            return
        }
        #expect(reason.contains("Kannel refused the credentials"))
        #expect(
            KannelProvider.outcome(status: 400, body: "Number(s) has/have been denied by white- and/or black-lists.")
                == .rejected(
                    status: .invalidNumber,
                    reasonCode: "KANNEL_HTTP_400",
                    detail: "Number(s) has/have been denied by white- and/or black-lists."
                )
        )
        #expect(
            KannelProvider.outcome(status: 400, body: "Empty receiver number not allowed, rejected").isInvalidNumber
        )
        guard case .temporary = KannelProvider.outcome(status: 400, body: "Sender missing and no global set, rejected")
        else {
            Issue.record("a missing sender is a configuration error")
            return
        }
        #expect(
            KannelProvider.outcome(status: 400, body: "Too long message")
                == .rejected(status: .carrierRejected, reasonCode: "KANNEL_HTTP_400", detail: "Too long message")
        )
    }

    @Test("Form encoding leaves only unreserved characters")
    func formEncoding() {
        #expect(FormEncoding.encode("a+b &c=d%ç") == "a%2Bb%20%26c%3Dd%25%C3%A7")
        #expect(FormEncoding.encode("type=%d") == "type%3D%25d")
    }

    // MARK: - Helpers

    static func sign(_ body: [UInt8], _ secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ body: [UInt8], signature: String?) -> WebhookRequest {
        var headers = ["content-type": "application/json"]
        headers["x-remessa-signature"] = signature
        return WebhookRequest(method: "POST", headers: headers, body: body)
    }
}

extension SubmitOutcome {
    var isInvalidNumber: Bool {
        if case .rejected(.invalidNumber, _, _) = self { return true }
        return false
    }
}
