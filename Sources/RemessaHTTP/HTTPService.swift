import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import RemessaMetrics
import ServiceLifecycle

/// The router the daemon's HTTP listener serves; ``HTTPService``'s `configureRouter` adds routes to it.
package typealias HTTPRouter = Router<BasicRequestContext>

/// The daemon's HTTP listener: `GET /healthz`, `GET /readyz`, `GET /metrics`, and whatever routes
/// `configureRouter` adds (the dispatcher's provider webhooks).
///
/// Run it in the daemon's `ServiceGroup`; it stops accepting and finishes open requests on graceful shutdown.
/// Anyone who reaches the port can call it, so ``HTTPListenerLimits`` bound connections, heads and bodies.
package struct HTTPService: Service {
    private let host: String
    private let port: Int
    private let backlog: Int
    private let limits: HTTPListenerLimits
    private let readiness: [ReadinessCheck]
    private let readinessTimeout: Duration
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let configureRouter: @Sendable (HTTPRouter) -> Void
    private let onServerRunning: @Sendable (_ port: Int) async -> Void

    /// - Parameters:
    ///   - host: the address to listen on (`127.0.0.1`); a name is resolved once, at start.
    ///   - port: the TCP port; 0 picks a free one, which `onServerRunning` reports.
    ///   - backlog: the kernel's queue of connections not yet accepted.
    ///   - limits: idle timeout, connection cap, head and body sizes.
    ///   - readiness: the checks `/readyz` runs, concurrently, each cut off after `readinessTimeout`.
    ///   - metrics: what `/metrics` serves.
    ///   - configureRouter: adds routes after the built-in ones, once, when the service starts; webhooks should
    ///     take `limits.maxBodySize` as their body limit.
    ///   - onServerRunning: called with the bound port once the listener accepts connections.
    package init(
        host: String,
        port: Int,
        backlog: Int = 256,
        limits: HTTPListenerLimits = HTTPListenerLimits(),
        readiness: [ReadinessCheck] = [],
        readinessTimeout: Duration = .seconds(5),
        metrics: DaemonMetrics,
        logger: Logger,
        configureRouter: @escaping @Sendable (HTTPRouter) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.limits = limits
        self.readiness = readiness
        self.readinessTimeout = readinessTimeout
        self.metrics = metrics
        self.logger = logger
        self.configureRouter = configureRouter
        self.onServerRunning = onServerRunning
    }

    package func run() async throws {
        let router = HTTPRouter()
        self.addBuiltInRoutes(to: router)
        self.configureRouter(router)

        let host = self.host
        let requestedPort = self.port
        let logger = self.logger
        let onServerRunning = self.onServerRunning
        let limits = self.limits
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestBodyLimitHandler(maxBodySize: limits.maxBodySize)],
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: HTTP1Channel.Configuration.DecoderConfiguration(
                maxHeaderFieldSize: limits.maxHeaderFieldSize,
                maxHeaderListSize: limits.maxHeaderListSize,
                maxHeaderFieldCount: limits.maxHeaderFieldCount
            )
        )
        let application = Application(
            router: router,
            server: .http1(configuration: channel),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: requestedPort),
                serverName: nil,
                backlog: self.backlog,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? requestedPort
                logger.info("HTTP listener running", metadata: ["http.host": "\(host)", "http.port": "\(port)"])
                await onServerRunning(port)
            },
            logger: logger
        )
        try await application.run()
    }

    private func addBuiltInRoutes(to router: HTTPRouter) {
        let checks = self.readiness
        let timeout = self.readinessTimeout
        let metrics = self.metrics

        router.get("healthz") { _, _ in
            Self.response(.ok, contentType: "text/plain; charset=utf-8", body: Array("ok".utf8))
        }
        router.get("readyz") { _, _ in
            let report = await ReadinessReport.evaluate(checks, timeout: timeout)
            return Self.response(
                report.isReady ? .ok : .serviceUnavailable,
                contentType: "application/json",
                body: Array(report.json.utf8)
            )
        }
        router.get("metrics") { _, _ in
            Self.response(.ok, contentType: DaemonMetrics.contentType, body: metrics.exposition())
        }
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        // Probes and scrapers must always see the current state.
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
