import Foundation
import Logging
import RemessaConfig
import RemessaHTTP
import RemessaStore
import RemessaSystemd
import ServiceLifecycle
import UnixSignals

/// `remessad`: the services of the daemon in one `ServiceGroup`, or one pass to completion (`--until-idle`).
public struct Daemon: Sendable {
    public let configurationPath: String
    public let configuration: RemessaConfiguration
    /// The process environment (`$NOTIFY_SOCKET`, `$CREDENTIALS_DIRECTORY`, …).
    public let variables: [String: String]
    public let logger: Logger

    public init(
        configurationPath: String,
        configuration: RemessaConfiguration,
        variables: [String: String],
        logger: Logger
    ) {
        self.configurationPath = configurationPath
        self.configuration = configuration
        self.variables = variables
        self.logger = logger
    }

    /// Exit status of `--until-idle` when some drop could not be polled to the end.
    public static let exitDropsFailing: Int32 = 75

    private func makeEnvironment(status: DaemonStatus) throws -> DaemonEnvironment {
        let store = try Store(directory: configuration.state.path, access: .daemon)
        let metrics = DaemonMetrics()
        for name in configuration.drops.keys { metrics.registerDrop(name) }
        let heartbeat = ProgressHeartbeat()
        return DaemonEnvironment(
            store: store,
            spool: Spool(statePath: configuration.state.path),
            metrics: metrics,
            heartbeat: heartbeat,
            logger: logger,
            variables: variables,
            onTick: { drop, result in
                heartbeat.beat()
                status.record(drop: drop, claimed: result?.claimed)
            }
        )
    }

    private var drops: [DropConfiguration] {
        configuration.drops.values.sorted { $0.name < $1.name }
    }

    /// Processes what is in the drops and returns once every drop is idle: 0, or ``exitDropsFailing``.
    public func runUntilIdle() async throws -> Int32 {
        let environment = try makeEnvironment(status: DaemonStatus())
        let endings = await withTaskGroup(of: (String, DropLoop.Ending).self) { group in
            for drop in drops {
                group.addTask {
                    do {
                        let loop = DropLoop(context: try environment.context(for: drop), onTick: environment.onTick)
                        return (drop.name, await loop.run(untilIdle: true))
                    } catch {
                        logger.error(
                            "Drop cannot start",
                            metadata: ["remessa.drop": "\(drop.name)", "remessa.error": "\(error)"]
                        )
                        return (drop.name, .failing)
                    }
                }
            }
            var endings: [String: DropLoop.Ending] = [:]
            for await (name, ending) in group { endings[name] = ending }
            return endings
        }
        await PublisherService(environment: environment, drops: DropList(drops)).pass(drops)
        let failing = endings.filter { $0.value != .idle }.keys.sorted()
        guard failing.isEmpty else {
            logger.error("Some drops could not be processed", metadata: ["remessa.drops": "\(failing)"])
            return Self.exitDropsFailing
        }
        logger.info("Every drop is idle")
        return 0
    }

    /// Runs until SIGTERM or SIGINT, reloading the configuration on SIGHUP.
    public func run() async throws {
        let status = DaemonStatus()
        let environment = try makeEnvironment(status: status)
        let dropList = DropList(drops)
        let (reloads, reloadContinuation) = AsyncStream.makeStream(of: RemessaConfiguration.self)
        let notifier = try SystemdNotifier(environment: variables)

        var readiness = [
            ReadinessCheck("store") {
                do {
                    try await environment.store.checkWritable()
                    return .ok
                } catch {
                    return .failing("the store is not writable")
                }
            }
        ]
        for drop in drops {
            readiness.append(
                .recentPoll(drop: drop.name, within: drop.pollInterval * 3 + .seconds(60), metrics: environment.metrics)
            )
        }
        var services: [any Service] = [
            HTTPService(
                host: configuration.http.host,
                port: configuration.http.port,
                readiness: readiness,
                metrics: environment.metrics,
                logger: logger
            ),
            PublisherService(environment: environment, drops: dropList),
            PollerService(environment: environment, initial: drops, reloads: reloads),
            ReloadService(
                path: configurationPath,
                variables: variables,
                notifier: notifier,
                logger: logger
            ) { configuration in
                for name in configuration.drops.keys { environment.metrics.registerDrop(name) }
                dropList.replace(with: configuration.drops.values.sorted { $0.name < $1.name })
                reloadContinuation.yield(configuration)
            },
        ]
        if let notifier {
            services.append(
                SystemdNotifyService(
                    notifier: notifier,
                    heartbeat: environment.heartbeat,
                    status: status,
                    logger: logger
                )
            )
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.notice("remessad started", metadata: ["remessa.drops": "\(drops.map(\.name))"])
        try await group.run()
        reloadContinuation.finish()
        logger.notice("remessad stopped")
    }
}
