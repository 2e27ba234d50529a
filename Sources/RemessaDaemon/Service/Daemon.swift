import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaHTTP
import RemessaMetrics
import RemessaPostgres
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
    /// The node's name (`--node`, contract §13): its spool is `<state.path>/<node>/`; nil: `<state.path>/spool`.
    public let node: String?

    public init(
        configurationPath: String,
        configuration: RemessaConfiguration,
        variables: [String: String],
        logger: Logger,
        node: String? = nil
    ) {
        self.configurationPath = configurationPath
        self.configuration = configuration
        self.variables = variables
        var logger = logger
        if let node { logger[metadataKey: "remessa.node"] = "\(node)" }
        self.logger = logger
        self.node = node
    }

    /// Whether `name` can name a node: 1 to 64 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit,
    /// and not a name the state directory already uses (`spool`, `store…`), so its spool is a folder of its own.
    public static func isValidNodeName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first else { return false }
        let allowed = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard bytes.allSatisfy(allowed), first != UInt8(ascii: "."), first != UInt8(ascii: "_"),
            first != UInt8(ascii: "-")
        else { return false }
        return name != "spool" && !name.hasPrefix("store")
    }

    /// Exit status of `--until-idle` when some drop could not be polled to the end.
    public static let exitDropsFailing: Int32 = 75

    private func makeEnvironment(store: any Store, status: DaemonStatus) -> DaemonEnvironment {
        store.setNotifyingDrops(Set(configuration.drops.values.filter { $0.notify != nil }.map(\.name)))
        let metrics = DaemonMetrics()
        for name in configuration.drops.keys { metrics.registerDrop(name) }
        let heartbeat = ProgressHeartbeat()
        let work = WorkSignal()
        var board = LeaseBoard.singleNode()
        if store is PostgresStore {
            metrics.nodeLeases([:])
            board = .cluster { held in metrics.nodeLeases(held) }
        }
        return DaemonEnvironment(
            store: store,
            spool: Spool(statePath: configuration.state.path, node: node),
            metrics: metrics,
            heartbeat: heartbeat,
            logger: logger,
            variables: variables,
            onTick: { drop, result in
                heartbeat.beat()
                status.record(drop: drop, claimed: result?.claimed)
                if let claimed = result?.claimed, claimed > 0 { work.signal() }
            },
            work: work,
            routeSenders: configuration.routes.compactMapValues(\.sender),
            board: board
        )
    }

    /// The leases a node of a cluster keeps for `configuration`: each drop's and each route's.
    static func leaseKeys(_ configuration: RemessaConfiguration) -> Set<LeaseKey> {
        Set(configuration.drops.keys.map(LeaseKey.drop) + configuration.routes.keys.map(LeaseKey.route))
    }

    /// This node's name in a cluster: `--node`, or the host name (lowercased) when it can name a node.
    public static func defaultNodeName(hostName: String = ProcessInfo.processInfo.hostName) -> String? {
        let name = hostName.lowercased()
        return isValidNodeName(name) ? name : nil
    }

    private var drops: [DropConfiguration] {
        configuration.drops.values.sorted { $0.name < $1.name }
    }

    /// Processes what is in the drops, sends every message and returns once every drop is idle and every
    /// batch's final file is out: 0, or ``exitDropsFailing`` when some drop could not be polled to the end.
    public func runUntilIdle() async throws -> Int32 {
        try await runGroup(untilIdle: true)
    }

    /// Runs until SIGTERM or SIGINT, reloading the configuration on SIGHUP.
    public func run() async throws {
        _ = try await runGroup(untilIdle: false)
    }

    /// The HTTP listener: health, readiness, metrics and the gateways' webhooks.
    private func httpService(
        _ environment: DaemonEnvironment,
        _ dispatcher: Dispatcher,
        drops: DropList,
        readiness: [ReadinessCheck] = []
    ) -> HTTPService {
        HTTPService(
            host: configuration.http.host,
            port: configuration.http.port,
            readiness: readiness,
            metrics: environment.metrics,
            logger: logger,
            configureRouter: { router in
                let webhooks = WebhookHandler(
                    webhooks: dispatcher.webhooks,
                    intake: dispatcher.intake,
                    store: environment.store,
                    drops: drops,
                    metrics: environment.metrics,
                    logger: logger
                )
                router.addWebhooks { call in await webhooks.handle(call) }
            }
        )
    }

    /// How long a graceful stop may take before the services are cancelled: the dispatcher's grace for what is
    /// in flight (30 s) and its commit retries (30 s), plus the publisher's last pass; under systemd's 90 s.
    static let gracefulStopBound = Duration.seconds(70)
    /// How long cancelled services may take to return before the process ends with an error (the store is
    /// crash-safe, and a hung stop would otherwise wait for systemd's SIGKILL).
    static let cancellationBound = Duration.seconds(10)

    /// The daemon's services in one `ServiceGroup`. In `--until-idle` mode the poller stops each drop once it is
    /// idle, there is no reload and no systemd notification, and ``IdleWatch`` ends the group once every batch
    /// is finished; the exit status says whether every drop could be polled.
    private func runGroup(untilIdle: Bool) async throws -> Int32 {
        try await ConfiguredStore.with(
            configuration.state,
            access: .daemon,
            environment: variables,
            logger: logger
        ) { store in
            try await runGroup(untilIdle: untilIdle, store: store)
        }
    }

    private func runGroup(untilIdle: Bool, store: any Store) async throws -> Int32 {
        let status = DaemonStatus()
        let environment = makeEnvironment(store: store, status: status)
        let dropList = DropList(drops)
        let (leaseChanges, leaseContinuation) = AsyncStream.makeStream(of: Set<LeaseKey>.self)
        return try await Dispatcher.withDispatcher(
            configuration: configuration,
            environment: environment,
            drops: dropList
        ) { dispatcher in
            environment.work.observe { [weak dispatcher] in dispatcher?.workArrived() }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            // First, so it stops last: every service's work under a lease has stopped before it is given back.
            if let leases = try clusterLeases(store) {
                services.append(
                    .init(
                        service: LeaseService(
                            leases: leases,
                            board: environment.board,
                            settings: .standard,
                            initial: Self.leaseKeys(configuration),
                            changes: leaseChanges,
                            logger: logger
                        )
                    )
                )
            }
            // Webhooks need the listener even in --until-idle mode; the simulator's reports do not.
            if !untilIdle || configuration.routes.values.contains(where: { $0.provider != .simulator }) {
                let readiness = untilIdle ? dispatcher.readiness : readinessChecks(environment, dispatcher)
                services.append(
                    .init(service: httpService(environment, dispatcher, drops: dropList, readiness: readiness))
                )
            }
            let watch =
                untilIdle
                ? IdleWatch(
                    store: environment.store,
                    dispatcher: dispatcher,
                    configuration: configuration,
                    logger: logger
                ) : nil
            var publisher = PublisherService(environment: environment, drops: dropList)
            if let watch {
                publisher.finalCheck = .milliseconds(500)
                publisher.onPass = { watch.publisherPassed() }
            }
            // Before the publisher, so it stops after it: the notices of the publisher's last pass go out too.
            services.append(
                .init(
                    service: NoticeService(
                        store: environment.store,
                        drops: dropList,
                        variables: variables,
                        logger: logger
                    )
                )
            )
            services.append(.init(service: publisher))
            services.append(.init(service: DispatchService(dispatcher: dispatcher)))
            let (reloads, reloadContinuation) = AsyncStream.makeStream(of: RemessaConfiguration.self)
            var poller = PollerService(environment: environment, initial: drops, reloads: reloads)
            if let watch {
                poller.idleWatch = watch
                services.append(.init(service: poller))
                services.append(.init(service: watch, successTerminationBehavior: .gracefullyShutdownGroup))
            } else {
                services.append(.init(service: poller))
                services.append(
                    .init(
                        service: RetentionService(
                            environment: environment,
                            drops: dropList,
                            unattributedRetention: configuration.retention.messages
                        )
                    )
                )
                let notifier = try SystemdNotifier(environment: variables)
                services.append(
                    .init(
                        service: ReloadService(
                            path: configurationPath,
                            variables: variables,
                            notifier: notifier,
                            logger: logger
                        ) { configuration in
                            for name in configuration.drops.keys { environment.metrics.registerDrop(name) }
                            dropList.replace(with: configuration.drops.values.sorted { $0.name < $1.name })
                            environment.store.setNotifyingDrops(
                                Set(configuration.drops.values.filter { $0.notify != nil }.map(\.name))
                            )
                            reloadContinuation.yield(configuration)
                            leaseContinuation.yield(Self.leaseKeys(configuration))
                        }
                    )
                )
                if let notifier {
                    services.append(
                        .init(
                            service: SystemdNotifyService(
                                notifier: notifier,
                                heartbeat: environment.heartbeat,
                                status: status,
                                logger: logger
                            )
                        )
                    )
                }
            }
            // A graceful shutdown stops services last to first: claims stop, then sending drains, then the
            // publisher makes its last pass, and the listener takes delivery reports until the very end.
            var groupConfiguration = ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
            groupConfiguration.maximumGracefulShutdownDuration = Self.gracefulStopBound
            groupConfiguration.maximumCancellationDuration = Self.cancellationBound
            let group = ServiceGroup(configuration: groupConfiguration)
            if !untilIdle {
                logger.notice("remessad started", metadata: ["remessa.drops": "\(drops.map(\.name))"])
            }
            var failure: (any Error)?
            do {
                try await group.run()
            } catch {
                failure = error
            }
            reloadContinuation.finish()
            leaseContinuation.finish()
            await environment.contexts.closeAll()
            if let failure { throw failure }
            if !untilIdle {
                logger.notice("remessad stopped")
            }
            guard let failing = watch?.failingDrops else { return 0 }
            return failing.isEmpty ? 0 : Self.exitDropsFailing
        }
    }

    /// This node's hold on the cluster's leases, when the store is a cluster's (PostgreSQL).
    private func clusterLeases(_ store: any Store) throws -> Leases? {
        guard let postgres = store as? PostgresStore else { return nil }
        guard let name = node ?? Self.defaultNodeName() else {
            throw DaemonError("the host name cannot name a node of the cluster: start remessad with --node NAME")
        }
        return Leases(client: postgres.client, node: name, logger: logger)
    }

    /// `/readyz`: the store takes writes, every route commits its outcomes, every drop was polled lately.
    private func readinessChecks(_ environment: DaemonEnvironment, _ dispatcher: Dispatcher) -> [ReadinessCheck] {
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
            let recent = ReadinessCheck.recentPoll(
                drop: drop.name,
                within: drop.pollInterval * 3 + .seconds(60),
                metrics: environment.metrics
            )
            // In a cluster, a drop another node holds is that node's to poll.
            readiness.append(
                ReadinessCheck(recent.name) { [board = environment.board] in
                    board.term(for: .drop(drop.name)) == nil ? .ok : await recent.check()
                }
            )
        }
        return readiness
    }
}
