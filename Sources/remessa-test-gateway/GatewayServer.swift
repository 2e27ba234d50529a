import Foundation
import Hummingbird
import Logging

/// The gateway's routes: `POST /messages`, `GET /stats`, `GET|POST /control`.
enum GatewayServer {
    static func router(state: GatewayState, messages: MessageEndpoint) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("messages") { request, _ in
            try await messages.handle(request)
        }
        router.get("stats") { _, _ in
            MessageEndpoint.json(.ok, try encode(state.statistics))
        }
        router.get("control") { _, _ in
            MessageEndpoint.json(.ok, try encode(state.behaviour))
        }
        router.post("control") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard
                let change = try? JSONDecoder().decode(
                    GatewayBehaviour.Change.self,
                    from: Data(body.readableBytesView)
                )
            else {
                return MessageEndpoint.json(.badRequest, #"{"error":"expected {\"mode\": …}"}"#)
            }
            return MessageEndpoint.json(.ok, try encode(state.change(change)))
        }
        return router
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
