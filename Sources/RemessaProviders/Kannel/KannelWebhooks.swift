import Foundation
import RemessaCore

/// Kannel's callbacks: delivery reports from `dlr-url` and MOs from an `sms-service`, both GETs whose only
/// authentication is the token Remessa put in the URL (see ``KannelTokens``).
///
/// Delivery reports (`/dlr/<route>?id=…&token=…&type=%d&at=%T&reply=%A`), by Kannel's `type`:
/// 1 → `DELIVERED`; 2 → `NOT_DELIVERED`, or `EXPIRED` / `CARRIER_REJECTED` when the SMPP receipt in `reply`
/// says `stat:EXPIRED` / `stat:REJECTD`; 16 (the SMSC refused the submit) → `CARRIER_REJECTED`, or
/// `INVALID_NUMBER` when the refusal is SMPP's 0x0B "invalid destination address"; 4 and 8 (queued on, or
/// accepted by, the SMSC) → `SUBMITTED`. The reason code is the receipt's `stat` when there is one, else
/// `KANNEL_<type>`. `at` is `%T` (Unix seconds), else the time of the call.
///
/// MOs: an `sms-service` in kannel.conf calls `/mo/<route>` with the sender and text:
///
/// ```
/// group = sms-service
/// keyword = default
/// catch-all = true
/// max-messages = 0
/// get-url = "http://127.0.0.1:8080/mo/<route>?from=%p&text=%a&token=<KannelWebhooks.moToken(route:secret:)>"
/// ```
///
/// Kannel encodes spaces as `+` (and a `+` as `%2B`); a listener that decodes only `%` escapes leaves the `+`, so
/// `+` reads as a space in MO texts and receipts (a literal `+` in an MO is lost; opt-out keywords have none).
public struct KannelWebhooks: ProviderWebhooks {
    private let route: String
    private let secret: String
    private let now: @Sendable () -> Date

    /// Webhooks of `route`, whose tokens are keyed with `secret` (``KannelCredentials/webhookSecret``).
    public init(route: String, secret: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.route = route
        self.secret = secret
        self.now = now
    }

    /// The token for the route's MO `get-url`.
    public static func moToken(route: String, secret: String) -> String {
        KannelTokens.mobileOriginated(route: route, secret: secret)
    }

    public func deliveryReports(from request: WebhookRequest) throws(WebhookError) -> [DeliveryReport] {
        guard let token = request.query["token"], !token.isEmpty else {
            throw .unauthorized("the delivery report has no token")
        }
        guard let rawID = request.query["id"], let id = Int64(rawID) else {
            throw .malformed("the delivery report has no message id")
        }
        let expected = KannelTokens.deliveryReport(route: self.route, messageID: id, secret: self.secret)
        guard WebhookSignature.matches(token, expected) else {
            throw .unauthorized("wrong token for message \(id)")
        }
        guard let rawType = request.query["type"], let type = Int(rawType) else {
            throw .malformed("the delivery report has no numeric type")
        }
        let reply = Self.readable(request.query["reply"] ?? "")
        guard let (status, code) = Self.status(type: type, reply: reply) else {
            throw .malformed("unknown Kannel DLR type \(type)")
        }
        let at = request.query["at"].flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) } ?? self.now()
        return [DeliveryReport(reference: .message(id), status: status, reasonCode: code, at: at)]
    }

    public func mobileOriginated(from request: WebhookRequest) throws(WebhookError) -> MobileOriginated {
        let expected = Self.moToken(route: self.route, secret: self.secret)
        guard let token = request.query["token"], WebhookSignature.matches(token, expected) else {
            throw .unauthorized("missing or wrong MO token")
        }
        guard let rawFrom = request.query["from"] else { throw .malformed("the MO has no sender") }
        guard let from = MobileOriginated.sender(rawFrom) else {
            throw .malformed("the MO's sender is not a phone number")
        }
        let text = Self.readable(request.query["text"] ?? "")
        return MobileOriginated(from: from, text: text, at: self.now())
    }

    /// The contract status and reason code of a Kannel report, `nil` for a type Kannel does not send.
    static func status(type: Int, reply: String) -> (MessageStatus, String)? {
        let stat = Self.receiptField("stat", in: reply)
        let code = stat ?? "KANNEL_\(type)"
        switch type {
        case 1:
            return (.delivered, code)
        case 2, 0x22, 0x42:
            switch stat?.uppercased() {
            case "EXPIRED": return (.expired, code)
            case "REJECTD", "REJECTED": return (.carrierRejected, code)
            default: return (type == 0x22 ? .expired : .notDelivered, code)
            }
        case 16:
            let lowered = reply.lowercased()
            if lowered.contains("0x0000000b") || lowered.contains("invalid destination") {
                return (.invalidNumber, code)
            }
            return (.carrierRejected, code)
        case 4, 8:
            return (.submitted, code)
        default:
            return nil
        }
    }

    /// The value after `name:` in an SMPP receipt (`id:… stat:DELIVRD err:000 …`).
    static func receiptField(_ name: String, in receipt: String) -> String? {
        for word in receipt.split(separator: " ") {
            let parts = word.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name, !parts[1].isEmpty {
                return String(parts[1])
            }
        }
        return nil
    }

    /// `+` as a space (see the type's notes).
    private static func readable(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ")
    }
}
