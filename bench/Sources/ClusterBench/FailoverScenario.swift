import Foundation
import Glibc
import RemessaTesting
import Synchronization

/// Figure 1: `nodes` remessad nodes on one PostgreSQL database, `drops` local drops fed a file of `rows` rows
/// each every `fileEvery` seconds, one `http` route to the test gateway; `kills` times a node is killed with
/// `kill -9` (odd kills just after it claimed a file: mid-ingest; even kills at a random moment: mid-send) and
/// started again at once. Each kill's takeovers and resubmissions are measured, then every file's outcome.
struct FailoverScenario {
    static let token = "cluster-bench-token-51c2"
    static let secret = "cluster-bench-secret-7e0b"
    static let route = "gw"

    let rig: Rig
    let nodes: Int
    let kills: Int
    let drops: Int
    let rows: Int
    let fileEvery: Double
    let rate: Int
    let maxInFlight: Int
    /// The longest random wait before a mid-send kill, in seconds.
    let maxGap: Double
    /// How long the run may take to finish every file after the last kill, in seconds.
    let drainTimeout: Double

    /// What the run left for the checks and the figures.
    struct Run {
        var kills: [KillRecord]
        var inputs: [Feeder.Input]
        var finalStats: TestGatewayStats
        var processes: [Node]
        var configuration: ClusterConfiguration
        var feedFailure: String?
        var drained: Bool
        var drainSeconds: Double
        var leasesAfterStop: [String: String]
        var relayed: (relayed: Int, refused: Int)
    }

    func run() async throws -> Run {
        let root = try rig.directory("failover")
        let database = try rig.database("failover_\(getpid())")
        let origin = ContinuousClock.now
        let names = (1...nodes).map { "n\($0)" }
        let side = try await GatewaySide.start(rig: rig, root: root, nodes: names, logFile: root + "/gateway.log")
        defer { side.relay.stop() }
        let (secretFile, tokenFile, ports, gateway) = (side.secretFile, side.tokenFile, side.ports, side.gateway)
        let configuration = ClusterConfiguration(
            root: root,
            rig: rig,
            database: database,
            routes: [(Self.route, Self.routeYAML(try gateway.messagesURL, tokenFile, secretFile, rate, maxInFlight))],
            drops: (1...drops).map { ClusterConfiguration.Drop(name: "loja\($0)", route: Self.route) }
        )
        let path = try configuration.write()
        var running: [String: Node] = [:]
        var processes: [Node] = []
        func start(_ name: String) throws -> Node {
            let node = try Node(
                remessad: rig.remessad,
                configuration: path,
                name: name,
                port: ports[name] ?? 0,
                logPath: root + "/\(name).log",
                origin: origin
            )
            running[name] = node
            processes.append(node)
            return node
        }
        defer { for node in running.values { node.stop(grace: 30) } }
        for name in names { _ = try start(name) }
        for node in running.values
        where node.waitForLine(timeout: 60, { $0.contains("Node joined the cluster") }) == nil {
            throw BenchError(
                "\(node.name) did not join the cluster:\n" + node.output.suffix(15).map(\.text).joined(separator: "\n")
            )
        }
        let leases = Set(configuration.drops.map { "drop:\($0.name)" } + ["route:\(Self.route)"])
        let initial = try rig.waitForLeases(leases, in: database, timeout: 60)
        print(
            "   leases at start: "
                + initial.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        )

        let sampler = StatsSampler(gateway: gateway, every: .milliseconds(100))
        defer { sampler.stop() }
        let feeder = Feeder(configuration: configuration, rows: rows, every: fileEvery)
        var records: [KillRecord] = []
        for index in 1...kills {
            let killer = Killer(rig: rig, database: database, running: running)
            let choice = try await killer.choose(
                midIngest: index % 2 == 1,
                maxGap: maxGap,
                wait: fileEvery * 2
            )
            let victim = choice.node
            let held = try rig.leaseHolders(in: database).filter { $0.value == victim.name }.map(\.key).sorted()
            let before = sampler.latest?.stats
            let killedAt = victim.killNow()
            let moment = killer.describe(choice, killedAt: killedAt)
            let restarted = try start(victim.name)
            var record = KillRecord(
                index: index,
                victim: victim.name,
                moment: moment,
                killedAt: killedAt,
                held: held,
                statsBefore: before,
                offset: origin.seconds(to: killedAt)
            )
            record.takeovers = await Takeover.measure(
                leases: held,
                after: killedAt,
                processes: processes.filter { $0 !== victim },
                sampler: sampler
            )
            if restarted.waitForLine(timeout: 60, { $0.contains("Node joined the cluster") }) == nil {
                print("   note: \(victim.name) restarted but did not join within 60 s")
            }
            record.print()
            records.append(record)
        }
        let (inputs, feedFailure) = feeder.stop()
        print("   \(inputs.count) files dropped (\(rows) rows each); waiting for every final file …")
        let drainStart = ContinuousClock.now
        let drained = await Self.waitForFinals(inputs, configuration: configuration, timeout: drainTimeout)
        let drainSeconds = drainStart.seconds(to: .now)
        try? await Task.sleep(for: .seconds(2))
        let finalStats = try await gateway.stats()
        for (offset, record) in records.enumerated() {
            let next = offset + 1 < records.count ? records[offset + 1].statsBefore : finalStats
            records[offset].duplicates = next.flatMap { next in
                record.statsBefore.map { next.duplicates - $0.duplicates }
            }
        }
        for node in running.values { node.stop(grace: 60) }
        let leasesAfterStop = try rig.leaseHolders(in: database)
        _ = await gateway.stop()
        return Run(
            kills: records,
            inputs: inputs,
            finalStats: finalStats,
            processes: processes,
            configuration: configuration,
            feedFailure: feedFailure,
            drained: drained,
            drainSeconds: drainSeconds,
            leasesAfterStop: leasesAfterStop,
            relayed: side.relay.counts.withLock { $0 }
        )
    }

    static func routeYAML(
        _ url: String,
        _ tokenFile: String,
        _ secretFile: String,
        _ rate: Int,
        _ maxInFlight: Int
    )
        -> String
    {
        """
            provider: http
            url: \(url)
            tokenFile: \(tokenFile)
            webhookSecret: \(secretFile)
            rate: \(rate)
            burst: \(max(1, rate / 10))
            maxInFlight: \(maxInFlight)
            timeout: 2s
            maxAttempts: 100
            retryBackoff: 100ms
            retryBackoffMax: 2s

        """
    }

    /// Waits until every input's final and summary files are in its drop's outbox.
    static func waitForFinals(
        _ inputs: [Feeder.Input],
        configuration: ClusterConfiguration,
        timeout: Double
    ) async
        -> Bool
    {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var lastReport = ContinuousClock.now
        while true {
            var missing = 0
            let outboxes = Dictionary(
                uniqueKeysWithValues: configuration.drops.map { ($0.name, Set(configuration.outbox($0.name))) }
            )
            for input in inputs {
                let outbox = outboxes[input.drop] ?? []
                if !outbox.contains(input.name + ".final.csv") || !outbox.contains(input.name + ".summary.json") {
                    missing += 1
                }
            }
            if missing == 0 { return true }
            if ContinuousClock.now >= deadline { return false }
            if lastReport.seconds(to: .now) >= 30 {
                print("   … \(missing) of \(inputs.count) files without their final file yet")
                lastReport = .now
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
