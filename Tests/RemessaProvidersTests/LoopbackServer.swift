import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RemessaCore
import RemessaProviders
import RemessaTesting

/// Runs a Hummingbird server on 127.0.0.1 (`port`, or an ephemeral one; a real listen backlog) for the duration of
/// `body`.
func withLoopbackServer<Result: Sendable>(
    _ router: Router<BasicRequestContext>,
    port: Int = 0,
    _ body: @Sendable (Int) async throws -> Result
) async throws -> Result {
    var logger = Logger(label: "loopback-gateway")
    logger.logLevel = .error
    return try await LoopbackService.run(
        { reportPort in
            Application(
                router: router,
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), backlog: 256),
                onServerRunning: { reportPort($0.localAddress?.port ?? 0) },
                logger: logger
            )
        },
        body
    )
}

extension WebhookRequest {
    /// The request as the daemon's listener hands it over: query items percent-decoded, header names lower case.
    static func from(_ request: Request) async throws -> WebhookRequest {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        return WebhookRequest(
            method: request.method.rawValue,
            query: query,
            headers: headers,
            body: Array(body.readableBytesView)
        )
    }
}

extension Response {
    static func text(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
