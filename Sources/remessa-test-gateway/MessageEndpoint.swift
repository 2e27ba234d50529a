import RemessaCore
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /messages`: the `http` provider's wire format (contract section 9), one message or an array of them.
struct MessageEndpoint: Sendable {
    let state: GatewayState
    /// The bearer token every request must carry; `nil` accepts any.
    let token: String?
    let log: MessageLog?
    let reports: DeliveryReportPoster?
    let logger: Logger

    /// The fields the gateway checks; the rest of the wire format is accepted as it comes.
    private struct WireMessage: Decodable {
        var id: String
        var to: String
        var text: String
        var segments: Int
    }

    private static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    private static let maxBody = 64 << 20

    func handle(_ request: Request) async throws -> Response {
        let (verdict, latency) = state.admit()
        if let token, request.headers[.authorization] != "Bearer " + token {
            state.record(.reject, ids: [])
            logger.warning("Request without the expected bearer token")
            return Self.json(.unauthorized, #"{"error":"unauthorized"}"#)
        }
        let body = try await request.body.collect(upTo: Self.maxBody)
        let ids: [String]
        let isArray: Bool
        do {
            (ids, isArray) = try Self.ids(in: Data(body.readableBytesView))
        } catch {
            state.record(.reject, ids: [])
            logger.warning("Malformed message body", metadata: ["gateway.error": "\(error)"])
            return Self.json(.badRequest, #"{"error":"malformed body"}"#)
        }
        if !isArray, let id = ids.first, request.headers[Self.idempotencyKey] != id {
            state.record(.reject, ids: [])
            logger.warning("Idempotency-Key missing or not the message id", metadata: ["gateway.id": "\(id)"])
            return Self.json(.badRequest, #"{"error":"Idempotency-Key must be the message id"}"#)
        }
        if latency > .zero {
            await Self.wait(latency)
        }
        state.record(verdict, ids: ids)
        switch verdict {
        case .accept:
            log?.append(ids, status: 200)
            reports?.enqueue(ids)
            return Self.json(.ok, Self.acceptance(ids, isArray: isArray))
        case .throttle:
            log?.append(ids, status: 429)
            var response = Self.json(.tooManyRequests, #"{"error":"slow down"}"#)
            response.headers[.retryAfter] = "1"
            return response
        case .fail:
            log?.append(ids, status: 503)
            return Self.json(.serviceUnavailable, #"{"error":"try again"}"#)
        case .reject:
            log?.append(ids, status: 400)
            return Self.json(.badRequest, #"{"error":"rejected by the test gateway"}"#)
        }
    }

    /// Waits `duration` even when the client gives up meanwhile: a gateway that has a message goes on with it,
    /// so a request the route timed out is still accepted, and its retry is a duplicate (same idempotency key).
    private static func wait(_ duration: Duration) async {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                continuation.resume()
            }
        }
    }

    /// The ids of a single message or of an array of messages; throws unless every one is well formed.
    private static func ids(in body: Data) throws -> (ids: [String], isArray: Bool) {
        let decoder = JSONDecoder()
        let first = body.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        if first == UInt8(ascii: "[") {
            return (try decoder.decode([WireMessage].self, from: body).map(\.id), true)
        }
        return ([try decoder.decode(WireMessage.self, from: body).id], false)
    }

    private static func acceptance(_ ids: [String], isArray: Bool) -> String {
        guard isArray else {
            return "{\"providerId\":\(JSONString.quoted("gw-" + (ids.first ?? "")))}"
        }
        let items = ids.map { "{\"id\":\(JSONString.quoted($0)),\"providerId\":\(JSONString.quoted("gw-" + $0))}" }
        return "[" + items.joined(separator: ",") + "]"
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
