import Foundation
import RemessaCore

/// The `http` provider's callbacks (contract §9, §9a), signed with the route's `webhookSecret`:
/// `X-Remessa-Signature: <hex HMAC-SHA256>` (an optional `sha256=` prefix is accepted) of `<timestamp>.<raw body>`
/// when the call carries `X-Remessa-Timestamp: <Unix seconds>`, which must be within 300 s of now (an older call
/// is refused as a replay), or else of the raw body alone.
///
/// Delivery reports, `POST /dlr/<route>`: one object or an array of them,
/// `{"id": "<remessa id>" | "providerId": "<gateway id>", "status": "<contract status>", "code": "…",
/// "at": "<ISO 8601>"}`; `at` may be left out (the time of the call). MOs, `POST /mo/<route>`:
/// `{"from": "<the phone's number>", "text": "…", "at": "<ISO 8601>"}`. A route without a `webhookSecret` refuses
/// every call: unsigned callbacks could mark any message delivered.
public struct HTTPWebhooks: ProviderWebhooks {
    private let secret: String?
    private let now: @Sendable () -> Date

    public init(secret: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.secret = secret
        self.now = now
    }

    public func deliveryReports(from request: WebhookRequest) throws(WebhookError) -> [DeliveryReport] {
        try self.authenticate(request)
        let json = try Self.json(request.body)
        let objects: [[String: Any]]
        if let object = json as? [String: Any] {
            objects = [object]
        } else if let array = json as? [Any] {
            objects = array.compactMap { $0 as? [String: Any] }
            guard objects.count == array.count else { throw .malformed("a report is not an object") }
        } else {
            throw .malformed("the body is neither a report nor an array of reports")
        }
        var reports: [DeliveryReport] = []
        reports.reserveCapacity(objects.count)
        for object in objects {
            reports.append(try self.report(object))
        }
        return reports
    }

    public func mobileOriginated(from request: WebhookRequest) throws(WebhookError) -> MobileOriginated {
        try self.authenticate(request)
        guard let object = try Self.json(request.body) as? [String: Any] else {
            throw .malformed("the MO is not a JSON object")
        }
        guard let rawFrom = HTTPAnswer.text(object["from"]) else { throw .malformed("the MO has no \"from\"") }
        guard let from = MobileOriginated.sender(rawFrom) else {
            throw .malformed("the MO's \"from\" is not a phone number")
        }
        guard let text = object["text"] as? String else { throw .malformed("the MO has no \"text\"") }
        return MobileOriginated(from: from, text: text, at: try self.time(object["at"]))
    }

    /// Checks `X-Remessa-Signature` (with `X-Remessa-Timestamp` when the call has one), in constant time.
    private func authenticate(_ request: WebhookRequest) throws(WebhookError) {
        guard let secret = self.secret else { throw .unauthorized("the route has no webhookSecret") }
        try WebhookSignature.verify(
            body: request.body,
            signature: request.headers["x-remessa-signature"],
            timestamp: request.headers["x-remessa-timestamp"],
            secret: secret,
            now: self.now()
        )
    }

    private func report(_ object: [String: Any]) throws(WebhookError) -> DeliveryReport {
        let reference: DeliveryReport.Reference
        if let rawID = HTTPAnswer.text(object["id"]) {
            guard let id = Int64(rawID) else { throw .malformed("\"id\" \(rawID) is not a Remessa message id") }
            reference = .message(id)
        } else if let providerID = HTTPAnswer.text(object["providerId"]), !providerID.isEmpty {
            reference = .provider(providerID)
        } else {
            throw .malformed("a report has neither \"id\" nor \"providerId\"")
        }
        guard let name = object["status"] as? String else { throw .malformed("a report has no \"status\"") }
        guard let status = MessageStatus(rawValue: name), status.isReportable else {
            throw .malformed("unknown status \(name)")
        }
        return DeliveryReport(
            reference: reference,
            status: status,
            reasonCode: HTTPAnswer.text(object["code"]),
            at: try self.time(object["at"])
        )
    }

    private func time(_ value: Any?) throws(WebhookError) -> Date {
        guard let value, !(value is NSNull) else { return self.now() }
        guard let text = value as? String, let date = Self.date(text) else {
            throw .malformed("\"at\" is not an ISO 8601 time")
        }
        return date
    }

    /// ISO 8601 with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func json(_ body: [UInt8]) throws(WebhookError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw .malformed("the body is not JSON")
        }
    }
}

extension MessageStatus {
    /// Whether a gateway may report the status: `SUBMITTED` and the terminal ones a carrier decides.
    fileprivate var isReportable: Bool {
        switch self {
        case .queued, .scheduled, .cancelled, .unconfirmed, .internalError: false
        default: true
        }
    }
}
