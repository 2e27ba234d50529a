import AsyncHTTPClient
import Logging
import RemessaConfig
import RemessaHTTP
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Every route's dispatcher, their gateways' clients and the webhooks those gateways call back on.
///
/// Made before the services start, so the HTTP listener can route webhooks to the providers while
/// ``DispatchService`` (or `--until-idle`) runs the dispatchers.
final class Dispatcher: Sendable {
    let routes: [RouteDispatcher]
    let webhooks: WebhookHandler
    /// `/readyz` checks: one per route, failing while its outcomes cannot be committed.
    let readiness: [ReadinessCheck]
    private let providers: [any SMSProvider]
    private let httpClient: HTTPClient
    private let logger: Logger

    init(
        configuration: RemessaConfiguration,
        environment: DaemonEnvironment,
        drops: DropList
    ) throws {
        let store = environment.store
        let intake = DeliveryReportIntake(store: store, metrics: environment.metrics, logger: environment.logger)
        let recorder = GroupCommit<DispatchRecord, Void> { records in
            try await store.recordDispatch(records)
            return Array(repeating: (), count: records.count)
        }
        let suppression = SuppressionCache()
        let health = CommitHealth()
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        self.httpClient = httpClient
        var routes: [RouteDispatcher] = []
        var providers: [any SMSProvider] = []
        var webhooks: [String: any ProviderWebhooks] = [:]
        for route in configuration.routes.values.sorted(by: { $0.name < $1.name }) {
            environment.metrics.registerRoute(route.name)
            let made = try ProviderFactory.make(
                route: ProviderSettings(route, environment: environment.variables),
                httpClient: httpClient,
                sink: { reports in
                    do {
                        try await intake.accept(reports, route: route.name)
                    } catch {
                        environment.logger.error(
                            "Cannot record delivery reports",
                            metadata: ["remessa.route": "\(route.name)", "remessa.error": "\(error)"]
                        )
                    }
                },
                logger: environment.logger
            )
            providers.append(made.provider)
            webhooks[route.name] = made.webhooks
            routes.append(
                RouteDispatcher(
                    route: route,
                    provider: made.provider,
                    store: store,
                    drops: drops,
                    suppression: suppression,
                    recorder: recorder,
                    health: health,
                    metrics: environment.metrics,
                    logger: environment.logger
                )
            )
        }
        self.routes = routes
        self.readiness = health.readinessChecks(routes: routes.map(\.route.name))
        self.providers = providers
        self.logger = environment.logger
        self.webhooks = WebhookHandler(
            webhooks: webhooks,
            intake: intake,
            store: store,
            metrics: environment.metrics,
            logger: environment.logger
        )
    }

    /// Runs every route until ``stop()``; returns once what was in flight is committed.
    func run() async {
        await withDiscardingTaskGroup { group in
            for route in routes {
                group.addTask { await route.run() }
            }
        }
    }

    /// Returns once every route has read its queue afresh (expiring what outlived its TTL, taking up what a
    /// window opened): a pass that began after this call. Gives up after `limit`.
    func settle(limit: Duration = .seconds(5)) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        for route in routes {
            let start = await route.refills
            while await route.refills < start + 2, clock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Stops handing out messages on every route.
    func stop() async {
        for route in routes { await route.stop() }
    }

    /// Closes the gateways' clients; after ``run()`` returned.
    func shutdown() async {
        for provider in providers { await provider.shutdown() }
        try? await httpClient.shutdown()
    }
}
