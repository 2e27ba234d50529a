import RemessaCore
import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP client a network provider owns: its own connection pool, as large as the route's `maxInFlight` (the
/// shared client's default of 8 connections per host would cap a route far below its rate), on a shared event
/// loop group. Redirects are not followed: a gateway that redirects is misconfigured.
///
/// After a long outage the pool would wait out its own reconnect backoff (it grows to a minute after 30 failed
/// connects) before trying again; ``reconnect()`` replaces the pool so the next request connects at once.
final class GatewayHTTPClient: Sendable {
    private let eventLoopGroup: any EventLoopGroup
    private let connections: Int
    private let connectTimeout: TimeAmount
    private let client: Mutex<HTTPClient>

    /// A pool of `connections` connections; connecting gives up after `timeout` (5 s at most).
    init(eventLoopGroup: any EventLoopGroup, connections: Int, timeout: Duration) {
        self.eventLoopGroup = eventLoopGroup
        self.connections = max(1, connections)
        self.connectTimeout = Self.timeAmount(min(timeout, .seconds(5)))
        let client = Self.makeClient(on: eventLoopGroup, connections: self.connections, connect: self.connectTimeout)
        self.client = Mutex(client)
    }

    /// Sends `request`; fails after `timeout`.
    func execute(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        let client = self.client.withLock { $0 }
        return try await client.execute(request, timeout: Self.timeAmount(timeout), logger: nil)
    }

    /// Starts over with a fresh pool: no connection, no backoff. Requests still running on the old pool fail
    /// (their messages are retried).
    func reconnect() async {
        let group = self.eventLoopGroup
        let fresh = Self.makeClient(on: group, connections: self.connections, connect: self.connectTimeout)
        let old = self.client.withLock { client in
            defer { client = fresh }
            return client
        }
        try? await old.shutdown()
    }

    /// Closes the pool.
    func shutdown() async {
        try? await self.client.withLock { $0 }.shutdown()
    }

    private static func makeClient(on group: any EventLoopGroup, connections: Int, connect: TimeAmount) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connections
        )
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connect)
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: group, configuration: configuration)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .milliseconds(max(1, Int64(duration.inSeconds * 1_000)))
    }
}
