import Logging
import ServiceLifecycle

/// Runs an HTTP server (any `Service` that reports the port it bound, such as the daemon's listener or a
/// Hummingbird `Application`) on 127.0.0.1 in a `ServiceGroup` for the duration of `body`, then stops it
/// gracefully. Depends on no HTTP library: each test target builds its own server with `make`.
public enum LoopbackService {
    /// `make` builds the service, passing `reportPort` as its server's on-running callback; `body` gets the port.
    public static func run<Server: Service, Value: Sendable>(
        _ make: (_ reportPort: @escaping @Sendable (Int) -> Void) throws -> Server,
        _ body: (_ port: Int) async throws -> Value
    ) async throws -> Value {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = try make { port in
            continuation.yield(port)
            continuation.finish()
        }
        let logger = Logger(label: "remessa.loopback") { _ in SwiftLogNoOpLogHandler() }
        let group = ServiceGroup(services: [server], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // A server that fails to start reports no port: end the stream so the wait below ends too.
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port != 0 else {
                tasks.cancelAll()
                // The group's own error, when it failed to start, says more than ours.
                try await tasks.waitForAll()
                throw LoopbackServiceError()
            }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
        }
    }
}

/// The server ended without reporting a port.
public struct LoopbackServiceError: Error, CustomStringConvertible {
    public var description: String { "the loopback server reported no port" }
}
