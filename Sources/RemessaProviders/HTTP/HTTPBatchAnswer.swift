import Crypto
import Foundation
import RemessaCore

/// How a gateway answers a batch (`batch: true`): one POST of a JSON array of messages.
///
/// A non-2xx answer applies to every message of the batch (429 pushes back, 5xx is temporary, …). A 2xx answer
/// is either not an array (any body: every message is accepted, without provider ids) or an array of results,
/// one per message, matched by `id`:
///
/// ```json
/// [{"id": "101", "providerId": "gw-1"},
///  {"id": "102", "status": "INVALID_NUMBER", "code": "E_NUMBER", "detail": "no such subscriber"},
///  {"id": "103", "status": "TEMPORARY", "detail": "try later"}]
/// ```
///
/// A result without `status` (or `ACCEPTED`, `SUBMITTED`, `QUEUED`) is accepted; a terminal contract status
/// (`INVALID_NUMBER`, `CARRIER_REJECTED`, `INVALID_CONTENT`, …) is final with `code` as its reason
/// (`HTTP_BATCH` without one); `TEMPORARY` or anything else is retried, as is a message the array omits.
///
/// The batch's `Idempotency-Key` is `batch-` and 32 hex characters of the SHA-256 of its ids joined by commas:
/// the same messages give the same key, a retry of part of a batch a new one (each message's `id` stays its
/// own key).
enum HTTPBatchAnswer {
    static func outcomes(body: [UInt8], messages: [OutgoingMessage]) -> [SubmitOutcome] {
        guard let results = try? JSONSerialization.jsonObject(with: Data(body)) as? [Any] else {
            return Array(repeating: .accepted(providerID: nil), count: messages.count)
        }
        var byID: [String: [String: Any]] = [:]
        for case let result as [String: Any] in results {
            if let id = HTTPAnswer.text(result["id"]) {
                byID[id] = result
            }
        }
        return messages.map { message in
            guard let result = byID[String(message.id)] else {
                return .temporary(
                    reason: "the gateway's batch answer does not mention the message",
                    pushBack: false,
                    retryAfter: nil
                )
            }
            return Self.outcome(of: result)
        }
    }

    static func outcome(of result: [String: Any]) -> SubmitOutcome {
        let detail = HTTPAnswer.text(result["detail"]) ?? ""
        guard let name = HTTPAnswer.text(result["status"])?.uppercased(),
            !["ACCEPTED", "SUBMITTED", "QUEUED"].contains(name)
        else {
            return .accepted(providerID: HTTPAnswer.text(result["providerId"]))
        }
        if let status = MessageStatus(rawValue: name), status.isTerminal {
            let code = HTTPAnswer.text(result["code"]) ?? "HTTP_BATCH"
            return .rejected(status: status, reasonCode: code, detail: detail)
        }
        let reason = detail.isEmpty ? "the gateway answered \(name) for the message" : detail
        return .temporary(reason: reason, pushBack: false, retryAfter: nil)
    }

    static func idempotencyKey(for messages: [OutgoingMessage]) -> String {
        let ids = messages.map { String($0.id) }.joined(separator: ",")
        let digest = SHA256.hash(data: Array(ids.utf8))
        return "batch-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
