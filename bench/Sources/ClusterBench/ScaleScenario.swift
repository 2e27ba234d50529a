import Foundation
import Glibc
import RemessaTesting

/// Figure 3: dispatch on PostgreSQL, QUEUED → SUBMITTED on the simulator (no rate limit), two routes each fed by
/// one drop of `rows` rows: one node working both, then two nodes working one route each. For two nodes the
/// second node's configuration names only the second route and its drop and it starts first, so each node holds
/// one route whatever the race (a route is sent by its lease holder only). Files are dropped once the leases are
/// held; the rate is (n − 1) / (last − first `submitted_at`).
struct ScaleScenario {
    let rig: Rig
    let rows: Int
    let maxInFlight: Int

    struct Result {
        var nodes: Int
        var total: Int
        var rate: Double
        var span: Double
        var perRoute: [(route: String, rate: Double, count: Int)]
        var afterIngest: Double
        var ingestSpan: Double
        var holders: String
    }

    func run(nodes: Int) async throws -> Result {
        let root = try rig.directory("scale-\(nodes)")
        let database = try rig.database("scale\(nodes)_\(getpid())")
        let origin = ContinuousClock.now
        let routeYAML = """
                provider: simulator
                rate: 1000000
                maxInFlight: \(maxInFlight)
                simulator: {delivered: 1, submitLatency: 0ms, dlrDelay: 1s, seed: 1}

            """
        let configuration = ClusterConfiguration(
            root: root,
            rig: rig,
            database: database,
            routes: [("sim1", routeYAML), ("sim2", routeYAML)],
            drops: [.init(name: "loja1", route: "sim1"), .init(name: "loja2", route: "sim2")]
        )
        let full = try configuration.write()
        let second = try configuration.write("remessad-sim2.yaml", only: ["sim2", "loja2"])
        var running: [Node] = []
        defer { for node in running { node.stop(grace: 30) } }
        func start(_ name: String, _ path: String) throws {
            let port = try FreePort.find()
            running.append(
                try Node(
                    remessad: rig.remessad,
                    configuration: path,
                    name: name,
                    port: port,
                    logPath: root + "/\(name).log",
                    origin: origin
                )
            )
        }
        if nodes >= 2 {
            try start("n2", second)
            _ = try rig.waitForLeases(["route:sim2", "drop:loja2"], in: database, timeout: 60)
        }
        try start("n1", full)
        let holders = try rig.waitForLeases(
            ["route:sim1", "route:sim2", "drop:loja1", "drop:loja2"],
            in: database,
            timeout: 60
        )
        for (index, drop) in configuration.drops.enumerated() {
            try configuration.drop(rows: rows, first: index * rows, name: "contatos-\(drop.name).csv", into: drop.name)
        }
        let total = rows * configuration.drops.count
        let deadline = ContinuousClock.now + .seconds(900)
        var submitted = 0
        while submitted < total, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .seconds(1))
            submitted = Int(try rig.number("SELECT count(*) FROM message WHERE submitted_at IS NOT NULL", in: database))
        }
        guard submitted == total else { throw BenchError("\(submitted) of \(total) messages submitted in 900 s") }
        let times = try rig.rows(
            "SELECT b.route, m.submitted_at FROM message m JOIN batch b ON b.id = m.batch_id ORDER BY 2",
            in: database
        ).compactMap { row in row.count == 2 ? Double(row[1]).map { (row[0], $0) } : nil }
        let ingest = try rig.rows("SELECT min(claimed_at), max(ingested_at) FROM file", in: database).first ?? []
        let firstClaim = ingest.first.flatMap(Double.init) ?? 0
        let lastIngest = ingest.count > 1 ? Double(ingest[1]) ?? 0 : 0
        let all = times.map(\.1)
        let perRoute = ["sim1", "sim2"].map { route -> (route: String, rate: Double, count: Int) in
            let routeTimes = times.filter { $0.0 == route }.map(\.1)
            return (route, Self.rate(routeTimes), routeTimes.count)
        }
        return Result(
            nodes: nodes,
            total: total,
            rate: Self.rate(all),
            span: (all.last ?? 0) - (all.first ?? 0),
            perRoute: perRoute,
            afterIngest: Self.rate(all.filter { $0 > lastIngest }),
            ingestSpan: lastIngest - firstClaim,
            holders: holders.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        )
    }

    /// (n − 1) / (last − first) of sorted times.
    static func rate(_ times: [Double]) -> Double {
        guard times.count > 1, let first = times.first, let last = times.last, last > first else { return 0 }
        return Double(times.count - 1) / (last - first)
    }
}
