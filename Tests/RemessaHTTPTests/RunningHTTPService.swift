import Hummingbird
import HummingbirdTesting
import Logging
import RemessaHTTP
import RemessaMetrics
import ServiceLifecycle

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
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let service = HTTPService(
        host: "127.0.0.1",
        port: 0,
        backlog: backlog,
        limits: limits,
        readiness: readiness,
        readinessTimeout: readinessTimeout,
        metrics: metrics,
        logger: logger,
        configureRouter: configureRouter,
        onServerRunning: { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
    )
    let group = ServiceGroup(services: [service], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            // A service that fails to start reports no port: end the stream so the wait below ends too.
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the service reported no port") }
        guard port != 0 else { throw TestFailure("the service reported port 0") }
        do {
            let value = try await TestClient.withClient(
                host: "127.0.0.1",
                port: port,
                operation: { try await body($0, port) }
            )
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            tasks.cancelAll()
            throw error
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
