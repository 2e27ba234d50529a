import AsyncHTTPClient
import Logging
import RemessaConfig

/// Builds a route's provider and its webhooks from the route's configuration, reading its secret files.
public enum ProviderFactory {
    /// The provider of `route` and, for gateways that call back (`http`, `kannel`), its webhooks.
    ///
    /// Secrets are read once, here (`credential:` names need `CREDENTIALS_DIRECTORY` in `environment`). Network
    /// providers get their own connection pool, `maxInFlight` connections, on `httpClient`'s event loops (the
    /// shared pool's 8 connections per host would cap a route); they close it in `shutdown()`. `sink` receives the
    /// simulator's delivery reports.
    public static func make(
        route: RouteConfiguration,
        environment: [String: String],
        httpClient: HTTPClient,
        sink: @escaping DeliveryReportSink,
        logger: Logger
    ) throws(ProviderError) -> (provider: any SMSProvider, webhooks: (any ProviderWebhooks)?) {
        switch route.provider {
        case .simulator:
            return (SimulatorProvider(route: route, sink: sink), nil)
        case .http:
            let webhookSecret = try Self.read(route.webhookSecret, key: "webhookSecret", route: route, environment)
            let credentials: HTTPCredentials
            if let token = try Self.read(route.tokenFile, key: "tokenFile", route: route, environment) {
                credentials = .bearer(token)
            } else if let username = route.username,
                let password = try Self.read(route.passwordFile, key: "passwordFile", route: route, environment)
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
            guard let password = try Self.read(route.passwordFile, key: "passwordFile", route: route, environment)
            else { throw .missingKey("passwordFile", route: route.name) }
            let webhookSecret = try Self.read(route.webhookSecret, key: "webhookSecret", route: route, environment)
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
        _ source: SecretSource?,
        key: String,
        route: RouteConfiguration,
        _ environment: [String: String]
    ) throws(ProviderError) -> String? {
        guard let source else { return nil }
        do {
            return try source.readString(environment: environment)
        } catch {
            throw .unreadableSecret(key, route: route.name, error: error)
        }
    }
}
