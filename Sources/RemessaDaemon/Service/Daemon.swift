import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaHTTP
import RemessaMetrics
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

    /// Processes what is in the drops, sends every message and returns once every drop is idle and every
    /// batch's final file is out: 0, or ``exitDropsFailing`` when some drop could not be polled to the end.
    public func runUntilIdle() async throws -> Int32 {
        let environment = try makeEnvironment(status: DaemonStatus())
        let dropList = DropList(drops)
        let dispatcher = try Dispatcher(configuration: configuration, environment: environment, drops: dropList)
        let webhooksNeeded = configuration.routes.values.contains { $0.provider != .simulator }
        let listener =
            webhooksNeeded
            ? Task { try await httpService(environment, dispatcher, readiness: dispatcher.readiness).run() } : nil
        let dispatching = Task { await dispatcher.run() }
        let endings = await pollUntilIdle(environment)
        let failing = Set(endings.filter { $0.value != .idle }.keys)
        await waitForFinalFiles(
            environment,
            publisher: PublisherService(environment: environment, drops: dropList),
            dispatcher: dispatcher,
            skipping: failing
        )
        await dispatcher.stop()
        await dispatching.value
        await dispatcher.shutdown()
        listener?.cancel()
        _ = await listener?.result
        guard failing.isEmpty else {
            logger.error("Some drops could not be processed", metadata: ["remessa.drops": "\(failing.sorted())"])
            return Self.exitDropsFailing
        }
        logger.info("Every drop is idle and every batch finished")
        return 0
    }

    /// Polls every drop until it has nothing eligible left; answers how each loop ended.
    private func pollUntilIdle(_ environment: DaemonEnvironment) async -> [String: DropLoop.Ending] {
        await withTaskGroup(of: (String, DropLoop.Ending).self) { group in
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
    }

    /// Publishes until every batch of the healthy drops has its final file (DLR files on their interval), or
    /// waits only for send windows that are closed now: those `SCHEDULED` messages go out on a later run.
    private func waitForFinalFiles(
        _ environment: DaemonEnvironment,
        publisher: PublisherService,
        dispatcher: Dispatcher,
        skipping failing: Set<String>
    ) async {
        var settled = false
        var schedule = PublisherSchedule()
        var lastReport = ContinuousClock.now
        while !Task.isCancelled {
            await schedule.tick(publisher)
            let unfinished: [BatchRecord]
            let later: [Int64: Int]
            do {
                unfinished = try await environment.store.batches(unfinishedOnly: true)
                later = try await environment.store.scheduledLater()
            } catch {
                logger.error("Cannot read the batches", metadata: ["remessa.error": "\(error)"])
                return
            }
            let waiting = unfinished.filter { batch in
                !failing.contains(batch.drop) && configuration.drops[batch.drop] != nil
                    && batch.terminalCount + later[batch.id, default: 0] < batch.messages
            }
            if waiting.isEmpty, !settled {
                // Only messages scheduled for later are left: let every route read its queue once more (a TTL may
                // have run out, a window opened) before believing it.
                await dispatcher.settle()
                settled = true
                continue
            }
            settled = false
            if waiting.isEmpty {
                let scheduled = later.values.reduce(0, +)
                if scheduled > 0 {
                    logger.notice(
                        "Messages wait for their send window: they go out on a later run",
                        metadata: ["remessa.messagesScheduled": "\(scheduled)"]
                    )
                }
                return
            }
            if lastReport.duration(to: .now) >= .seconds(10) {
                lastReport = .now
                let open = waiting.reduce(0) { $0 + $1.messages - $1.terminalCount }
                logger.info(
                    "Waiting for batches to finish",
                    metadata: ["remessa.batches": "\(waiting.count)", "remessa.messagesOpen": "\(open)"]
                )
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The HTTP listener: health, readiness, metrics and the gateways' webhooks.
    private func httpService(
        _ environment: DaemonEnvironment,
        _ dispatcher: Dispatcher,
        readiness: [ReadinessCheck] = []
    ) -> HTTPService {
        HTTPService(
            host: configuration.http.host,
            port: configuration.http.port,
            readiness: readiness,
            metrics: environment.metrics,
            logger: logger,
            configureRouter: { router in
                router.addWebhooks { call in await dispatcher.webhooks.handle(call) }
            }
        )
    }

    /// Runs until SIGTERM or SIGINT, reloading the configuration on SIGHUP.
    public func run() async throws {
        let status = DaemonStatus()
        let environment = try makeEnvironment(status: status)
        let dropList = DropList(drops)
        let (reloads, reloadContinuation) = AsyncStream.makeStream(of: RemessaConfiguration.self)
        let notifier = try SystemdNotifier(environment: variables)

        let dispatcher = try Dispatcher(configuration: configuration, environment: environment, drops: dropList)
        // The write probe runs at most every 10 s, however often /readyz is called.
        var readiness = [
            ReadinessCheck("store") {
                do {
                    try await environment.store.checkWritable()
                    return .ok
                } catch {
                    return .failing("the store is not writable")
                }
            }
            .cached(for: .seconds(10))
        ]
        readiness += dispatcher.readiness
        for drop in drops {
            readiness.append(
                .recentPoll(drop: drop.name, within: drop.pollInterval * 3 + .seconds(60), metrics: environment.metrics)
            )
        }
        // A graceful shutdown stops services last to first: claims stop, then sending drains, then the publisher
        // makes its last pass, and the listener takes delivery reports until the very end.
        var services: [any Service] = [
            httpService(environment, dispatcher, readiness: readiness),
            PublisherService(environment: environment, drops: dropList),
            DispatchService(dispatcher: dispatcher),
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
