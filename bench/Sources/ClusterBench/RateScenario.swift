import Foundation
import Glibc
import RemessaTesting

/// Figure 2: `nodes` nodes, one `http` route of `rate` msg/s (burst rate / 10, maxInFlight 32) to the test
/// gateway, `drops` drops of `rows` rows each dropped once every node runs; the gateway's counters sampled every
/// 100 ms give the rate over the steady part (the messages from 10 % to 90 % of the total).
struct RateScenario {
    let rig: Rig
    let nodes: Int
    let drops: Int
    let rows: Int
    let rate: Int

    struct Result {
        var total: Int
        var steadyRate: Double
        var steadySpan: Double
        var wholeRate: Double
        var windows: (fewest: Int, most: Int)?
        var routeHolder: String
        var duplicates: Int
    }

    func run() async throws -> Result {
        let root = try rig.directory("rate")
        let database = try rig.database("rate_\(getpid())")
        let origin = ContinuousClock.now
        let names = (1...nodes).map { "n\($0)" }
        let side = try await GatewaySide.start(rig: rig, root: root, nodes: names)
        defer { side.relay.stop() }
        let (secretFile, tokenFile, ports, gateway) = (side.secretFile, side.tokenFile, side.ports, side.gateway)
        let configuration = ClusterConfiguration(
            root: root,
            rig: rig,
            database: database,
            routes: [
                (
                    FailoverScenario.route,
                    FailoverScenario.routeYAML(try gateway.messagesURL, tokenFile, secretFile, rate, 32)
                )
            ],
            drops: (1...drops).map { ClusterConfiguration.Drop(name: "loja\($0)", route: FailoverScenario.route) }
        )
        let path = try configuration.write()
        var running: [Node] = []
        defer { for node in running { node.stop(grace: 30) } }
        for name in names {
            running.append(
                try Node(
                    remessad: rig.remessad,
                    configuration: path,
                    name: name,
                    port: ports[name] ?? 0,
                    logPath: root + "/\(name).log",
                    origin: origin
                )
            )
        }
        let leases = Set(configuration.drops.map { "drop:\($0.name)" } + ["route:\(FailoverScenario.route)"])
        let holders = try rig.waitForLeases(leases, in: database, timeout: 60)
        print("   leases: " + holders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        let sampler = StatsSampler(gateway: gateway, every: .milliseconds(100))
        defer { sampler.stop() }
        for (index, drop) in configuration.drops.enumerated() {
            try configuration.drop(rows: rows, first: index * rows, name: "contatos-\(drop.name).csv", into: drop.name)
        }
        let total = rows * drops
        let deadline = ContinuousClock.now + .seconds(Double(total) / Double(rate) * 3 + 120)
        while (sampler.latest?.stats.unique ?? 0) < total, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(200))
        }
        try? await Task.sleep(for: .milliseconds(300))
        let samples = sampler.all
        guard let last = samples.last, last.stats.unique >= total else {
            throw BenchError("the gateway accepted \(samples.last?.stats.unique ?? 0) of \(total) messages in time")
        }
        let holder = try rig.leaseHolders(in: database)["route:\(FailoverScenario.route)"] ?? "?"
        return Self.measure(samples, total: total, holder: holder, duplicates: last.stats.duplicates)
    }

    /// The rate between the samples where the accepted count first reaches 10 % and 90 % of `total`, over the
    /// whole span (first accepted to the last), and the fewest and most accepted in any 1 s of the steady part.
    static func measure(_ samples: [StatsSampler.Sample], total: Int, holder: String, duplicates: Int) -> Result {
        func firstReaching(_ count: Int) -> StatsSampler.Sample? { samples.first { $0.stats.messages >= count } }
        let low = firstReaching(total / 10)
        let high = firstReaching(total * 9 / 10)
        let start = samples.last { $0.stats.messages == 0 }
        let end = firstReaching(total)
        var steadyRate = 0.0
        var steadySpan = 0.0
        var windows: (fewest: Int, most: Int)?
        if let low, let high, low.at < high.at {
            steadySpan = low.at.seconds(to: high.at)
            steadyRate = Double(high.stats.messages - low.stats.messages) / steadySpan
            let steady = samples.filter { $0.at >= low.at && $0.at <= high.at }
            var fewest = Int.max
            var most = 0
            for (index, sample) in steady.enumerated() {
                guard let later = steady[index...].first(where: { sample.at.seconds(to: $0.at) >= 1 }) else { break }
                let count = Double(later.stats.messages - sample.stats.messages) / sample.at.seconds(to: later.at)
                fewest = min(fewest, Int(count.rounded()))
                most = max(most, Int(count.rounded()))
            }
            if fewest != Int.max { windows = (fewest, most) }
        }
        var wholeRate = 0.0
        if let start, let end, start.at < end.at {
            wholeRate = Double(end.stats.messages) / start.at.seconds(to: end.at)
        }
        return Result(
            total: total,
            steadyRate: steadyRate,
            steadySpan: steadySpan,
            wholeRate: wholeRate,
            windows: windows,
            routeHolder: holder,
            duplicates: duplicates
        )
    }
}
