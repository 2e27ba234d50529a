import AsyncHTTPClient
import Logging

/// Builds a route's provider and its webhooks from its settings, reading its secrets.
package enum ProviderFactory {
    /// The provider of `route` and, for gateways that call back (`http`, `kannel`), its webhooks.
    ///
    /// Secrets are read once, here; one that cannot be read is an error naming the route and key. Network
    /// providers get their own connection pool, `maxInFlight` connections, on `httpClient`'s event loops (the
    /// shared pool's 8 connections per host would cap a route); they close it in `shutdown()`. `sink` receives the
    /// simulator's delivery reports.
    package static func make(
        route: ProviderSettings,
        httpClient: HTTPClient,
        sink: @escaping DeliveryReportSink,
        logger: Logger
    ) throws(ProviderError) -> (provider: any SMSProvider, webhooks: (any ProviderWebhooks)?) {
        switch route.provider {
        case .simulator:
            return (SimulatorProvider(route: route, sink: sink), nil)
        case .http:
            let webhookSecret = try Self.read(route.webhookSecret, key: "webhookSecret", route: route)
            let credentials: HTTPCredentials
            if let token = try Self.read(route.tokenFile, key: "tokenFile", route: route) {
                credentials = .bearer(token)
            } else if let username = route.username,
                let password = try Self.read(route.passwordFile, key: "passwordFile", route: route)
            {
                credentials = .basic(username: username, password: password)
            } else {
                credentials = .none
            }
            let provider = try HTTPProvider(
                route: route,
                credentials: credentials,
                eventLoopGroup: httpClient.eventLoopGroup,
                logger: logger
            )
            return (provider, HTTPWebhooks(secret: webhookSecret))
        case .kannel:
            guard let username = route.username else { throw .missingKey("username", route: route.name) }
            guard let password = try Self.read(route.passwordFile, key: "passwordFile", route: route)
            else { throw .missingKey("passwordFile", route: route.name) }
            let webhookSecret = try Self.read(route.webhookSecret, key: "webhookSecret", route: route)
            let credentials = KannelCredentials(username: username, password: password, webhookSecret: webhookSecret)
            let provider = try KannelProvider(
                route: route,
                credentials: credentials,
                eventLoopGroup: httpClient.eventLoopGroup,
                logger: logger
            )
            return (provider, KannelWebhooks(route: route.name, secret: credentials.webhookSecret))
        }
    }

    private static func read(
        _ secret: ProviderSecret?,
        key: String,
        route: ProviderSettings
    ) throws(ProviderError) -> String? {
        guard let secret else { return nil }
        do {
            return try secret.read()
        } catch {
            throw .unreadableSecret(key, route: route.name, error: error)
        }
    }
}
