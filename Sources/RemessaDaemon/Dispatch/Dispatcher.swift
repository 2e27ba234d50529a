import AsyncHTTPClient
import Logging
import RemessaConfig
import RemessaHTTP
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Every route's dispatcher and their gateways' clients, made and shut down in one scope
/// (``withDispatcher(configuration:environment:drops:_:)``).
final class Dispatcher: Sendable {
    let routes: [RouteSlot]
    /// The gateways' webhooks by route, for the HTTP listener's ``WebhookHandler``.
    let webhooks: [String: any ProviderWebhooks]
    /// Where every route's delivery reports are recorded, webhooks' included.
    let intake: DeliveryReportIntake
    /// `/readyz` checks: one per route, failing while its outcomes cannot be committed.
    let readiness: [ReadinessCheck]
    private let providers: [any SMSProvider]

    private init(
        configuration: RemessaConfiguration,
        environment: DaemonEnvironment,
        drops: DropList,
        httpClient: HTTPClient
    ) throws {
        let store = environment.store
        let intake = DeliveryReportIntake(store: store, metrics: environment.metrics, logger: environment.logger)
        let suppression = SuppressionCache()
        let health = CommitHealth()
        var routes: [RouteSlot] = []
        var providers: [any SMSProvider] = []
        var webhooks: [String: any ProviderWebhooks] = [:]
        // Not the environment: its work signal observes this dispatcher, and the capture would make a cycle.
        let logger = environment.logger
        for route in configuration.routes.values.sorted(by: { $0.name < $1.name }) {
            environment.metrics.registerRoute(route.name)
            let made = try ProviderFactory.make(
                route: ProviderSettings(route, environment: environment.variables),
                httpClient: httpClient,
                sink: { reports in
                    do {
                        try await intake.accept(reports, route: route.name)
                    } catch {
                        logger.error(
                            "Cannot record delivery reports",
                            metadata: ["remessa.route": "\(route.name)", "remessa.error": "\(error)"]
                        )
                    }
                },
                logger: environment.logger
            )
            providers.append(made.provider)
            webhooks[route.name] = made.webhooks
            let metrics = environment.metrics
            routes.append(
                RouteSlot(route: route, board: environment.board) {
                    RouteDispatcher(
                        route: route,
                        provider: made.provider,
                        store: store,
                        drops: drops,
                        suppression: suppression,
                        health: health,
                        metrics: metrics,
                        logger: logger
                    )
                }
            )
        }
        self.routes = routes
        self.readiness = health.readinessChecks(routes: routes.map(\.route.name))
        self.providers = providers
        self.webhooks = webhooks
        self.intake = intake
    }

    /// Makes the gateways' HTTP client and every route's dispatcher, runs `body`, then closes the providers and
    /// the client, whether `body` or the making threw or not.
    static func withDispatcher<Result: Sendable>(
        configuration: RemessaConfiguration,
        environment: DaemonEnvironment,
        drops: DropList,
        _ body: (Dispatcher) async throws -> Result
    ) async throws -> Result {
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let outcome: Swift.Result<Result, any Error>
        do {
            let dispatcher = try Dispatcher(
                configuration: configuration,
                environment: environment,
                drops: drops,
                httpClient: httpClient
            )
            do {
                outcome = .success(try await body(dispatcher))
            } catch {
                outcome = .failure(error)
            }
            for provider in dispatcher.providers { await provider.shutdown() }
        } catch {
            outcome = .failure(error)
        }
        try? await httpClient.shutdown()
        return try outcome.get()
    }

    /// Runs every route until ``stop()`` (each while this node holds its lease); returns once what was in flight is
    /// committed. The gateways' own work
    /// (``SMSProvider/run()``) runs alongside and is cancelled once every route has stopped.
    func run() async {
        await withDiscardingTaskGroup { gateways in
            for provider in providers {
                gateways.addTask { await provider.run() }
            }
            await withDiscardingTaskGroup { group in
                for route in routes {
                    group.addTask { await route.run() }
                }
            }
            gateways.cancelAll()
        }
    }

    /// Stops handing out messages on every route.
    func stop() {
        for route in routes { route.stop() }
    }

    /// New work may be queued: every route reads its queue now.
    func workArrived() {
        for route in routes { route.workArrived() }
    }

    /// Returns once every route has listed its queue afresh and read what it found: a listing that began after
    /// this call, so a TTL that ran out is expired and a window that opened is taken up.
    func settle() async {
        await withDiscardingTaskGroup { group in
            for route in routes {
                group.addTask { await route.settle() }
            }
        }
    }
}
