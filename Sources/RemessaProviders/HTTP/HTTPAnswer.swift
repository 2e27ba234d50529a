import Foundation
import RemessaCore

/// How the `http` provider reads one answer of the gateway (see ``HTTPProvider``).
enum HTTPAnswer {
    /// The outcome of an answer with `status` and `body`.
    static func outcome(status: Int, body: [UInt8], retryAfter: Duration?) -> SubmitOutcome {
        switch status {
        case 200..<300:
            return .accepted(providerID: Self.providerID(in: body))
        case 429:
            return .temporary(reason: "the gateway asked to slow down (429)", pushBack: true, retryAfter: retryAfter)
        case 401:
            return .temporary(
                reason: "the gateway refused Remessa's credentials (401): check the route's tokenFile",
                pushBack: false,
                retryAfter: retryAfter
            )
        case 408, 500...:
            return .temporary(reason: "the gateway failed (\(status))", pushBack: false, retryAfter: retryAfter)
        case 400 where Self.namesDestination(body), 422 where Self.namesDestination(body):
            return .rejected(status: .invalidNumber, reasonCode: "HTTP_\(status)", detail: Self.excerpt(body))
        default:
            return .rejected(status: .carrierRejected, reasonCode: "HTTP_\(status)", detail: Self.excerpt(body))
        }
    }

    /// `providerId` (a string or a number) of a JSON object body.
    static func providerID(in body: [UInt8]) -> String? {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        return Self.text(object["providerId"])
    }

    /// Whether an error body is about the destination number.
    static func namesDestination(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self).lowercased()
        return ["\"to\"", "'to'", "destination", "number", "msisdn", "phone", "recipient"].contains {
            text.contains($0)
        }
    }

    /// `Retry-After` as seconds or as an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return .seconds(max(0, seconds))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }

    /// A string or number JSON value as text.
    static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// The first 200 characters of a body, for the reason's detail.
    static func excerpt(_ body: [UInt8]) -> String {
        String(String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
    }
}
