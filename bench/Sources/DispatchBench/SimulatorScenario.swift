import BenchPostgres
import BenchSupport
import Foundation
import RemessaTesting

/// Target 1: the simulator with no rate limit, several drops at once; QUEUED → SUBMITTED as the store saw it.
/// With `cluster`, the store is the database ``database`` there (made afresh), not SQLite.
struct SimulatorScenario {
    let context: BenchContext
    let drops: Int
    let rowsPerDrop: Int
    let maxInFlight: Int
    var cluster: BenchCluster? = nil

    static let database = "simulator"

    struct Result {
        var rate: SubmissionRate
        var afterIngest: (rate: Double, count: Int)
        var ingest: (firstClaim: Double, lastIngested: Double)
        var wall: Double
        var cpu: Double
        var statuses: String
        /// SUBMITTED events written: fewer than messages when delivery reports overtook submission commits.
        var submittedEvents: Int
        var state: String
        /// CPU seconds of the PostgreSQL server's processes while remessad ran, and remessad's statements that took
        /// the most time (on PostgreSQL only).
        var serverCPU: Double?
        var statements: [String] = []
    }

    func run() throws -> Result {
        let root = try context.directory(cluster == nil ? "simulator" : "simulator-pg")
        try cluster?.recreateDatabase(Self.database)
        var configuration = DaemonConfiguration(
            root: root,
            listenPort: try FreePort.find(),
            routes: [
                (
                    "sim",
                    """
                        provider: simulator
                        rate: 1000000
                        maxInFlight: \(maxInFlight)
                        simulator: {delivered: 1, submitLatency: 0ms, dlrDelay: 1s, seed: 1}

                    """
                )
            ],
            drops: (1...drops).map { DaemonConfiguration.Drop(name: "loja\($0)", route: "sim", rows: rowsPerDrop) }
        )
        if let cluster {
            configuration.postgres = (cluster.url(database: Self.database), cluster.passwordFile)
        }
        try configuration.write()
        try cluster?.resetStatements()
        let serverBefore = cluster?.serverCPUSeconds()
        let daemon = try context.runUntilIdle(configuration, timeout: 600)
        let serverCPU = cluster.flatMap { cluster in serverBefore.map { cluster.serverCPUSeconds() - $0 } }
        let store =
            cluster.map { StoreReader(cluster: $0, database: Self.database) }
            ?? StoreReader(state: configuration.state)
        let rate = SubmissionRate(times: try store.submittedTimes())
        let total = drops * rowsPerDrop
        guard rate.count == total else {
            throw BenchFailure("\(rate.count) messages with a submitted_at in the store, not \(total)")
        }
        let ingest = try store.ingestSpan()
        return Result(
            rate: rate,
            afterIngest: rate.perSecond(after: ingest.lastIngested),
            ingest: ingest,
            wall: daemon.seconds ?? 0,
            cpu: daemon.cpuSeconds ?? 0,
            statuses: try store.statusCounts(),
            submittedEvents: try store.submittedEvents(),
            state: configuration.state,
            serverCPU: serverCPU,
            statements: try cluster?.topStatements(database: Self.database) ?? []
        )
    }
}

extension SimulatorScenario.Result {
    func print(drops: Int, rowsPerDrop: Int, maxInFlight: Int, label: String = "1. simulator") {
        let total = drops * rowsPerDrop
        Swift.print(
            """
            \(label), no rate limit (rate 1000000, maxInFlight \(maxInFlight), submitLatency 0ms, dlrDelay 1s): \
            \(grouped(Double(total))) messages in \(drops) drops × \(grouped(Double(rowsPerDrop)))
               QUEUED → SUBMITTED: \(grouped(Double(rate.count))) messages, first → last \(seconds(rate.span)) = \
            \(grouped(rate.perSecond))/s, \
            in \(grouped(Double(rate.commits))) commits (\(grouped(Double(rate.count) / Double(max(1, rate.commits)))) per commit)
               files claimed → last one ingested: \(seconds(ingest.lastIngested - ingest.firstClaim)) \
            (first SUBMITTED \(seconds(rate.first - ingest.firstClaim)) after the first claim); \
            after the last ingestion: \(grouped(afterIngest.rate))/s over \(grouped(Double(afterIngest.count))) messages
               remessad --until-idle wall time: \(seconds(wall)) (ingest, sending, the 1 s DLR delay, final files), \
            CPU \(seconds(cpu)) = \(grouped(cpu / Double(total) * 1e6)) µs per message\(serverText(total))
               store afterwards: \(statuses), \
            \(grouped(Double(submittedEvents))) SUBMITTED events\
            \(submittedEvents < rate.count ? " (the others' DLRs overtook their submission's commit)" : "")
            """
        )
        guard !statements.isEmpty else { return }
        Swift.print("   remessad's statements that took the most time (pg_stat_statements):")
        for line in statements { Swift.print("     " + line) }
    }

    private func serverText(_ total: Int) -> String {
        guard let serverCPU else { return "" }
        return "; PostgreSQL's CPU meanwhile \(seconds(serverCPU)) = \(grouped(serverCPU / Double(total) * 1e6)) µs"
            + " per message"
    }
}
