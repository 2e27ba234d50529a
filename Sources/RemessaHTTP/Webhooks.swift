import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RemessaCore

/// A gateway's call to one of the daemon's webhooks, free of the HTTP framework: `/dlr/<route>` (delivery
/// reports) or `/mo/<route>` (messages from phones).
package struct WebhookCall: Sendable {
    /// Which webhook was called.
    package enum Kind: String, Sendable {
        case deliveryReport = "dlr"
        case mobileOriginated = "mo"
    }

    package var kind: Kind
    package var route: String
    /// What the gateway sent, as the route's provider parses it.
    package var request: WebhookRequest

    package init(kind: Kind, route: String, request: WebhookRequest) {
        self.kind = kind
        self.route = route
        self.request = request
    }
}

/// The answer to a ``WebhookCall``: a status code and a short plain-text body.
package struct WebhookAnswer: Sendable, Equatable {
    package var status: Int
    package var text: String

    package init(status: Int, text: String) {
        self.status = status
        self.text = text
    }

    package static let ok = WebhookAnswer(status: 200, text: "ok")
}

extension HTTPRouter {
    /// Routes `GET|POST /dlr/{route}` and `GET|POST /mo/{route}` to `handle`. Bodies over `maxBody` bytes are
    /// refused with 413, without reading them when `Content-Length` says so.
    package func addWebhooks(
        maxBody: Int = HTTPListenerLimits().maxBodySize,
        _ handle: @escaping @Sendable (WebhookCall) async -> WebhookAnswer
    ) {
        for kind in [WebhookCall.Kind.deliveryReport, .mobileOriginated] {
            let responder: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                let route = context.parameters.get("route") ?? ""
                let query = Self.formDecoded(request.uri.query ?? "")
                var headers: [String: String] = [:]
                for field in request.headers {
                    headers[field.name.canonicalName] = field.value
                }
                if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBody {
                    return Self.plain(413, "request body too large")
                }
                let buffer: ByteBuffer
                do {
                    buffer = try await request.body.collect(upTo: maxBody)
                } catch {
                    return Self.plain(413, "request body too large")
                }
                let call = WebhookCall(
                    kind: kind,
                    route: route,
                    request: WebhookRequest(
                        method: request.method.rawValue,
                        query: query,
                        headers: headers,
                        body: Array(buffer.readableBytesView)
                    )
                )
                let answer = await handle(call)
                return Self.plain(answer.status, answer.text)
            }
            let path = RouterPath("\(kind.rawValue)/:route")
            self.on(path, method: .get, use: responder)
            self.on(path, method: .post, use: responder)
        }
    }

    /// Query items decoded as an HTML form: `+` is a space (Kannel encodes spaces so), then percent-decoding.
    static func formDecoded(_ query: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            items[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return items
    }

    private static func plain(_ status: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n"))
        )
    }
}
