import RemessaCore
import AsyncHTTPClient
import NIOCore

/// The HTTP client a network provider owns: its own connection pool, as large as the route's `maxInFlight` (the
/// shared client's default of 8 connections per host would cap a route far below its rate), on a shared event
/// loop group. Redirects are not followed: a gateway that redirects is misconfigured.
enum GatewayHTTPClient {
    static func make(eventLoopGroup: any EventLoopGroup, connections: Int, timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections)
        )
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: Self.timeAmount(min(timeout, .seconds(5))))
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .milliseconds(max(1, Int64(duration.inSeconds * 1_000)))
    }
}
