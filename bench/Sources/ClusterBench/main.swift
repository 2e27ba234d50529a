// Several remessad nodes on one PostgreSQL (contract §13, issue 15), three figures, each printed beside a
// baseline from the same run and never asserted:
//   1. failover: nodes on one database, local drops fed files over time, one http route to remessa-test-gateway;
//      a node killed with kill -9 `--kills` times (odd kills mid-ingest, even ones at a random moment) and started
//      again at once. Per kill: the leases it held (lease table just before), each takeover (kill → "Lease
//      acquired", kill → first progress) and the resubmissions (the gateway's duplicates); at the end: every file
//      ingested once, one result/final/summary file each, every message terminal. Baseline: the lease's design
//      bound (ttl 15 s + acquire interval 5 s = 20 s) and the contract's 30 s.
//   2. rate: nodes on one route of `--route-rate` msg/s; the rate the gateway saw over the steady part, beside
//      the configured rate and the node count × the rate (per-node budgets).
//   3. scale: dispatch on PostgreSQL on the simulator, QUEUED → SUBMITTED, one node vs two (two routes).
//
//   bench/run cluster       (builds release binaries, then runs this)
//   ClusterBench --remessad PATH --gateway PATH [--only failover,rate,scale] [--work DIR] [--keep]
//                [--nodes 3] [--kills 10] [--drops 3] [--rows 2000] [--file-every 20] [--rate 500]
//                [--max-in-flight 32] [--max-gap 15] [--drain-timeout 900]
//                [--route-rate 300] [--rate-rows 3000] [--scale-rows 50000] [--scale-max-in-flight 512]
//                [--fast-postgres]
// PostgreSQL 15 is RemessaTesting's PostgresSandbox (initdb into a temporary directory as `postgres`), durable
// (fsync, synchronous_commit, full_page_writes on) unless --fast-postgres, a database per scenario. Node logs, each line stamped with the bench's seconds, stay in --work with --keep.
import BenchSupport
import Foundation
import Glibc
import RemessaTesting

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

func number(_ name: String, default value: Int) -> Int { Int(argument(name, default: "\(value)")) ?? value }

func decimal(_ name: String, default value: Double) -> Double { Double(argument(name, default: "\(value)")) ?? value }

/// The median of `values` (0 when empty).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The largest, median and smallest of `values`.
func spread(_ values: [Double]) -> String {
    let sorted = values.sorted()
    guard let last = sorted.last else { return "-" }
    return String(format: "max %.2f s, median %.2f s, min %.2f s (%d)", last, median(sorted), sorted[0], sorted.count)
}

let only = Set(argument("--only", default: "failover,rate,scale").split(separator: ",").map(String.init))
let work = argument("--work", default: NSTemporaryDirectory() + "remessa-bench/cluster-\(getpid())")
let nodes = number("--nodes", default: 3)
let maxInFlight = number("--max-in-flight", default: 32)
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
    .joined(separator: " ")

// Durable by default, as a production database runs (the sandbox's own default is fsync off, for tests);
// --fast-postgres keeps the sandbox's settings.
let durable = !CommandLine.arguments.contains("--fast-postgres")
let postgres = try await PostgresSandbox.start(
    PostgresSandboxConfiguration(
        settings: durable ? ["fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"] : [:]
    )
)
let rig = Rig(
    remessad: argument("--remessad", default: ".build-release/release/remessad"),
    gatewayExecutable: argument("--gateway", default: ".build-release/release/remessa-test-gateway"),
    work: work,
    postgres: postgres
)
let version = (try? postgres.psql("SHOW server_version", database: "postgres"))?.trimmingCharacters(
    in: .whitespacesAndNewlines
)
print(
    "remessad: \(rig.remessad)\ngateway: \(rig.gatewayExecutable)\nwork: \(work)\n"
        + "PostgreSQL \(version ?? "?") (PostgresSandbox, 127.0.0.1:\(postgres.port), \(durable ? "fsync on, synchronous_commit on" : "fsync off, synchronous_commit off"))\n"
        + "cores: \(ProcessInfo.processInfo.activeProcessorCount), load average before: \(load ?? "?")\n"
)

var figures: [Figure] = []
var failed = false

if only.contains("failover") {
    let kills = number("--kills", default: 10)
    let scenario = FailoverScenario(
        rig: rig,
        nodes: nodes,
        kills: kills,
        drops: number("--drops", default: 3),
        rows: number("--rows", default: 2000),
        fileEvery: decimal("--file-every", default: 20),
        rate: number("--rate", default: 500),
        maxInFlight: maxInFlight,
        maxGap: decimal("--max-gap", default: 15),
        drainTimeout: decimal("--drain-timeout", default: 900)
    )
    print(
        "1. failover: \(nodes) nodes, \(scenario.drops) local drops each fed a file of \(scenario.rows) rows every "
            + "\(Int(scenario.fileEvery)) s, route http rate \(scenario.rate) maxInFlight \(maxInFlight) → test gateway "
            + "(DLRs through a relay to any live node); \(kills) × kill -9, each node restarted at once"
    )
    do {
        let run = try await scenario.run()
        let checks = try FailoverChecks(run: run, rig: rig, maxInFlight: maxInFlight)
        checks.print()
        let takeovers = run.kills.flatMap(\.takeovers)
        let acquired = takeovers.compactMap(\.acquired)
        let progress = takeovers.compactMap(\.progress)
        let untaken = takeovers.filter { $0.acquired == nil }.count
        let duplicates = run.kills.compactMap(\.duplicates)
        print("   takeover, kill → Lease acquired: \(spread(acquired))\(untaken > 0 ? "; \(untaken) never" : "")")
        print(
            "   takeover, kill → first progress: \(spread(progress)) (\(takeovers.count - progress.count) without progress seen)"
        )
        figures.append(
            Figure(
                name: "1a. failover: kill -9 → lease acquired, \(takeovers.count) takeovers",
                measured: acquired.max().map { String(format: "max %.1f s", $0) } ?? "-",
                target: "≤ 30 s",
                met: untaken == 0 && (acquired.max() ?? 0) <= 30,
                baseline:
                    "design bound ttl 15 s + acquire 5 s = 20 s; median \(String(format: "%.1f s", median(acquired)))"
            )
        )
        figures.append(
            Figure(
                name: "1b. failover: kill -9 → first progress",
                measured: progress.max().map { String(format: "max %.1f s", $0) } ?? "-",
                target: "≤ 30 s",
                met: untaken == 0 && (progress.max() ?? 0) <= 30,
                baseline: "contract §13: 30 s; \(progress.count) of \(takeovers.count) with progress seen"
            )
        )
        figures.append(
            Figure(
                name: "1c. failover: resubmissions per kill",
                measured: "max \(duplicates.max() ?? 0), total \(duplicates.reduce(0, +))",
                target: "≤ \(maxInFlight)",
                met: (duplicates.max() ?? 0) <= maxInFlight,
                baseline: "maxInFlight \(maxInFlight)"
            )
        )
        figures.append(
            Figure(
                name: "1d. failover: files once, outboxes, messages terminal",
                measured: "\(checks.checks.filter(\.passed).count) of \(checks.checks.count) checks",
                target: "all",
                met: checks.passed,
                baseline: "\(run.inputs.count) files, \(run.inputs.reduce(0) { $0 + $1.rows }) messages"
            )
        )
        failed = failed || !checks.passed
    } catch {
        print("failover scenario failed: \(error)")
        failed = true
    }
    print("")
}

if only.contains("rate") {
    let routeRate = number("--route-rate", default: 300)
    let rows = number("--rate-rows", default: 3000)
    print(
        "2. rate: \(nodes) nodes, one http route rate \(routeRate) (burst \(max(1, routeRate / 10)), maxInFlight 32), "
            + "3 drops × \(rows) rows dropped at once; gateway counters sampled every 100 ms"
    )
    do {
        let result = try await RateScenario(rig: rig, nodes: nodes, drops: 3, rows: rows, rate: routeRate).run()
        let error = (result.steadyRate - Double(routeRate)) / Double(routeRate) * 100
        print(
            String(
                format:
                    "   steady part (10 %%–90 %% of %d messages, %.1f s): %.1f/s (%+.2f %%); first to last: %.1f/s; "
                    + "per 1 s window: %@; route held by %@; %d duplicates",
                result.total,
                result.steadySpan,
                result.steadyRate,
                error,
                result.wholeRate,
                result.windows.map { "\($0.fewest)–\($0.most)/s" } ?? "-",
                result.routeHolder,
                result.duplicates
            )
        )
        figures.append(
            Figure(
                name: "2. rate: \(nodes) nodes, route rate \(routeRate), \(result.total) msgs",
                measured: String(format: "%.1f/s (%+.2f %%)", result.steadyRate, error),
                target: "\(routeRate) ± 3 %",
                met: abs(error) <= 3,
                baseline: "configured \(routeRate)/s; \(nodes) per-node budgets: \(nodes * routeRate)/s"
            )
        )
    } catch {
        print("rate scenario failed: \(error)")
        failed = true
    }
    print("")
}

if only.contains("scale") {
    let rows = number("--scale-rows", default: 50_000)
    let scaleInFlight = number("--scale-max-in-flight", default: 512)
    print(
        "3. dispatch on PostgreSQL, simulator (rate 1000000, maxInFlight \(scaleInFlight), submitLatency 0ms): two "
            + "routes, one drop of \(rows) rows each; one node, then two (one route each)"
    )
    do {
        let scenario = ScaleScenario(rig: rig, rows: rows, maxInFlight: scaleInFlight)
        var results: [ScaleScenario.Result] = []
        for count in [1, 2] {
            let result = try await scenario.run(nodes: count)
            results.append(result)
            print(
                String(
                    format: "   %d node%@: QUEUED → SUBMITTED %d messages, first → last %.2f s = %.0f/s (%@); "
                        + "after the last ingest %.0f/s; ingest (first claim → last ingested) %.2f s; %@",
                    count,
                    count == 1 ? "" : "s",
                    result.total,
                    result.span,
                    result.rate,
                    result.perRoute.map { String(format: "%@ %.0f/s", $0.route, $0.rate) }.joined(separator: ", "),
                    result.afterIngest,
                    result.ingestSpan,
                    result.holders
                )
            )
        }
        figures.append(
            Figure(
                name: "3a. simulator on PostgreSQL, 1 node, \(results[0].total) msgs",
                measured: String(format: "%.0f/s", results[0].rate),
                target: "≥ 3,000/s",
                met: results[0].rate >= 3000,
                baseline: "issue 15's bound"
            )
        )
        figures.append(
            Figure(
                name: "3b. simulator on PostgreSQL, 2 nodes, \(results[1].total) msgs",
                measured: String(format: "%.0f/s", results[1].rate),
                target: "more than 1 node",
                met: results[1].rate > results[0].rate,
                baseline: String(format: "1 node: %.0f/s", results[0].rate)
            )
        )
    } catch {
        print("scale scenario failed: \(error)")
        failed = true
    }
    print("")
}

Figure.printTable(figures)
await postgres.stop()
if !CommandLine.arguments.contains("--keep") {
    try? FileManager.default.removeItem(atPath: work)
}
exit(failed ? 1 : 0)
