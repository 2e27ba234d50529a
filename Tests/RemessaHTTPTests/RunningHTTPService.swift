import Hummingbird
import HummingbirdTesting
import Logging
import RemessaHTTP
import RemessaMetrics
import RemessaTesting

/// Runs an ``HTTPService`` on 127.0.0.1, port 0, in a `ServiceGroup`, and hands `body` a real HTTP client
/// connected to the port the service reports.
func withRunningHTTPService<Value: Sendable>(
    backlog: Int = 256,
    limits: HTTPListenerLimits = HTTPListenerLimits(),
    readiness: [ReadinessCheck] = [],
    readinessTimeout: Duration = .seconds(5),
    metrics: DaemonMetrics = DaemonMetrics(),
    configureRouter: @escaping @Sendable (HTTPRouter) -> Void = { _ in },
    _ body: @escaping @Sendable (_ client: TestClient, _ port: Int) async throws -> Value
) async throws -> Value {
    let logger = Logger(label: "remessa.http.test") { _ in SwiftLogNoOpLogHandler() }
    return try await LoopbackService.run(
        { reportPort in
            HTTPService(
                host: "127.0.0.1",
                port: 0,
                backlog: backlog,
                limits: limits,
                readiness: readiness,
                readinessTimeout: readinessTimeout,
                metrics: metrics,
                logger: logger,
                configureRouter: configureRouter,
                onServerRunning: reportPort
            )
        },
        { port in
            try await TestClient.withClient(host: "127.0.0.1", port: port, operation: { try await body($0, port) })
        }
    )
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
