import RemessaTesting
import BenchSupport
import Foundation

/// Target 1: the simulator with no rate limit, several drops at once; QUEUED → SUBMITTED as the store saw it.
struct SimulatorScenario {
    let context: BenchContext
    let drops: Int
    let rowsPerDrop: Int
    let maxInFlight: Int

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
    }

    func run() throws -> Result {
        let root = try context.directory("simulator")
        let configuration = DaemonConfiguration(
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
        try configuration.write()
        let daemon = try context.runUntilIdle(configuration, timeout: 600)
        let store = StoreReader(state: configuration.state)
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
            state: configuration.state
        )
    }
}

extension SimulatorScenario.Result {
    func print(drops: Int, rowsPerDrop: Int, maxInFlight: Int) {
        let total = drops * rowsPerDrop
        Swift.print(
            """
            1. simulator, no rate limit (rate 1000000, maxInFlight \(maxInFlight), submitLatency 0ms, dlrDelay 1s): \
            \(grouped(Double(total))) messages in \(drops) drops × \(grouped(Double(rowsPerDrop)))
               QUEUED → SUBMITTED: \(grouped(Double(rate.count))) messages, first → last \(seconds(rate.span)) = \
            \(grouped(rate.perSecond))/s, \
            in \(grouped(Double(rate.commits))) commits (\(grouped(Double(rate.count) / Double(max(1, rate.commits)))) per commit)
               files claimed → last one ingested: \(seconds(ingest.lastIngested - ingest.firstClaim)) \
            (first SUBMITTED \(seconds(rate.first - ingest.firstClaim)) after the first claim); \
            after the last ingestion: \(grouped(afterIngest.rate))/s over \(grouped(Double(afterIngest.count))) messages
               remessad --until-idle wall time: \(seconds(wall)) (ingest, sending, the 1 s DLR delay, final files), \
            CPU \(seconds(cpu)) = \(grouped(cpu / Double(total) * 1e6)) µs per message
               store afterwards: \(statuses), \
            \(grouped(Double(submittedEvents))) SUBMITTED events\
            \(submittedEvents < rate.count ? " (the others' DLRs overtook their submission's commit)" : "")
            """
        )
    }
}
