// remessad's dispatcher under load, four figures from the issue, each printed beside a baseline from the same
// run and never asserted:
//   1. the simulator with no rate limit: QUEUED → SUBMITTED per second for 4 drops × 50,000 messages, from the
//      store (each message's submitted_at = its SUBMITTED event's at, first → last), beside the sqlite3 shell
//      making the same writes;
//   1b. the same on a PostgreSQL store (a throwaway PostgreSQL 15 cluster, RemessaTesting's sandbox, durable
//      unless --durable off), beside the SQLite figure of 1 and `psql` making the same writes on that cluster;
//   2. the http provider against a loopback remessa-test-gateway, beside wrk POSTing to the gateway alone;
//   3. throttle accuracy of a rate 100 and a rate 1000 route (burst 1) over 30 s, and their worst 1 s window;
//   4. signed delivery reports POSTed by wrk to remessad's /dlr/<route>, beside wrk on its /healthz;
//   5. an idle daemon's CPU (empty drops, nothing queued) from /proc/<pid>/stat, beside a 20 Hz polling loop.
//
//   bench/run dispatch       (builds release binaries, then runs this)
//   DispatchBench --remessad PATH --gateway PATH [--only simulator,simulator-pg,http,throttle,webhook,idle]
//                 [--work DIR] [--keep] [--durable on|off]
//                 [--drops 4] [--rows 50000] [--max-in-flight 512] [--http-messages 50000]
//                 [--http-max-in-flight 64] [--throttle-seconds 30]
//                 [--throttle-burst 1] [--webhook-messages 20000] [--idle-seconds 30]
// Every scenario runs remessad (and the gateway) as child processes in a fresh directory under --work, and reads
// the store with `sqlite3 -readonly` (or `psql`). Needs wrk and sqlite3 on $PATH.
import BenchPostgres
import BenchSupport
import Foundation
import Glibc

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

func number(_ name: String, default value: Int) -> Int {
    Int(argument(name, default: "\(value)")) ?? value
}

let context = BenchContext(
    remessad: argument("--remessad", default: ".build-release/release/remessad"),
    gateway: argument("--gateway", default: ".build-release/release/remessa-test-gateway"),
    work: argument("--work", default: NSTemporaryDirectory() + "remessa-bench/dispatch-\(getpid())")
)
let scenarios = "simulator,simulator-pg,http,throttle,webhook,idle"
let only = Set(argument("--only", default: scenarios).split(separator: ",").map(String.init))
let drops = number("--drops", default: 4)
let rowsPerDrop = number("--rows", default: 50_000)
let maxInFlight = number("--max-in-flight", default: 512)
let httpMessages = number("--http-messages", default: 50_000)
let httpMaxInFlight = number("--http-max-in-flight", default: 64)
let throttleSeconds = number("--throttle-seconds", default: 30)
let throttleBurst = number("--throttle-burst", default: 1)
let webhookMessages = number("--webhook-messages", default: 20_000)
let idleSeconds = number("--idle-seconds", default: 30)

let durable = argument("--durable", default: "on") != "off"

var figures: [Figure] = []
var failed = false
/// Figure 1's rate, beside figure 1b.
var sqliteSimulatorRate: Double?

/// Runs one scenario; a failure is printed and the others still run.
@MainActor
func scenario(_ name: String, _ body: () async throws -> Void) async {
    guard only.contains(name) else { return }
    do {
        try await body()
    } catch {
        print("\(name) scenario failed: \(error)")
        failed = true
    }
    print("")
}

for tool in ["sqlite3", "wrk"] where (try? ChildRun.run(["sh", "-c", "command -v \(tool)"]).status) != 0 {
    print("dispatch bench needs \(tool) on $PATH")
    exit(1)
}
try? FileManager.default.createDirectory(atPath: context.work, withIntermediateDirectories: true)
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
    .joined(separator: " ")
print(
    "remessad: \(context.remessad)\ngateway: \(context.gateway)\nwork: \(context.work)\n"
        + "cores: \(ProcessInfo.processInfo.activeProcessorCount), load average before: \(load ?? "?")\n"
)

await scenario("simulator") {
    let simulator = SimulatorScenario(
        context: context,
        drops: drops,
        rowsPerDrop: rowsPerDrop,
        maxInFlight: maxInFlight
    )
    let result = try simulator.run()
    result.print(drops: drops, rowsPerDrop: rowsPerDrop, maxInFlight: maxInFlight)
    let baseline = try StoreBaseline(
        context: context,
        schemaFrom: result.state,
        messages: drops * rowsPerDrop,
        group: maxInFlight
    ).run()
    print(
        "   baseline: sqlite3 making the same changes (status, provider id, attempts, submitted_at, one event) in "
            + "\(baseline.transactions) transactions of \(maxInFlight), synchronous=FULL, WAL: "
            + "\(seconds(baseline.seconds)) = \(grouped(baseline.perSecond))/s"
    )
    sqliteSimulatorRate = result.rate.perSecond
    figures.append(
        Figure(
            name: "1. simulator QUEUED→SUBMITTED, \(grouped(Double(drops * rowsPerDrop))) msgs",
            measured: "\(grouped(result.rate.perSecond))/s",
            target: "≥ 5,000/s",
            met: result.rate.perSecond >= 5000,
            baseline: "sqlite3 same writes: \(grouped(baseline.perSecond))/s"
        )
    )
}

/// Figure 1b: scenario 1 with remessad's store on `cluster`, and `psql` making the same writes there.
@MainActor
func simulatorOnPostgres(_ cluster: BenchCluster) throws {
    print("   " + cluster.summary)
    let simulator = SimulatorScenario(
        context: context,
        drops: drops,
        rowsPerDrop: rowsPerDrop,
        maxInFlight: maxInFlight,
        cluster: cluster
    )
    let result = try simulator.run()
    result.print(drops: drops, rowsPerDrop: rowsPerDrop, maxInFlight: maxInFlight, label: "1b. simulator on PostgreSQL")
    let baseline = try PostgresStoreBaseline(
        context: context,
        cluster: cluster,
        schemaFrom: SimulatorScenario.database,
        messages: drops * rowsPerDrop,
        group: maxInFlight
    ).run()
    cluster.dropDatabase(SimulatorScenario.database)
    print(
        "   baseline: psql (one session over TCP) making the same changes in \(baseline.transactions) transactions"
            + " of \(maxInFlight) on the same cluster: \(seconds(baseline.seconds)) = \(grouped(baseline.perSecond))/s"
    )
    let sqlite = sqliteSimulatorRate.map { "SQLite store (1.): \(grouped($0))/s; " } ?? ""
    figures.append(
        Figure(
            name: "1b. simulator on PostgreSQL, \(grouped(Double(drops * rowsPerDrop))) msgs",
            measured: "\(grouped(result.rate.perSecond))/s",
            target: "≥ 3,000/s",
            met: result.rate.perSecond >= 3000,
            baseline: sqlite + "psql same writes: \(grouped(baseline.perSecond))/s"
        )
    )
}

await scenario("simulator-pg") {
    // The cluster runs for this scenario only, so that its background work disturbs no other.
    let cluster = try await BenchCluster.start(durable: durable, work: context.work)
    do {
        try simulatorOnPostgres(cluster)
    } catch {
        await cluster.stop()
        throw error
    }
    await cluster.stop()
}

await scenario("http") {
    let result = try HTTPScenario(context: context, messages: httpMessages, maxInFlight: httpMaxInFlight).run()
    result.print(messages: httpMessages, maxInFlight: httpMaxInFlight)
    figures.append(
        Figure(
            name: "2. http → test gateway, \(grouped(Double(httpMessages))) msgs",
            measured: "\(grouped(result.rate.perSecond))/s",
            target: "≥ 3,000/s",
            met: result.rate.perSecond >= 3000,
            baseline: "gateway alone under wrk: \(grouped(result.wrk.requestsPerSecond)) req/s"
        )
    )
}

await scenario("throttle") {
    let rates = [100, 1000]
    print(
        "3. throttle accuracy: simulator routes with burst \(throttleBurst) side by side, each fed \(throttleSeconds) s of messages; "
            + "rate = (n − 1) / (last − first SUBMITTED)"
    )
    let (routes, wall) = try ThrottleScenario(
        context: context,
        rates: rates,
        seconds: throttleSeconds,
        burst: throttleBurst
    ).run()
    for route in routes {
        route.print()
        figures.append(
            Figure(
                name: "3. throttle rate \(route.configured), burst \(throttleBurst), \(throttleSeconds) s",
                measured: String(format: "%.2f/s (%+.2f %%)", route.rate.perSecond, route.errorPercent),
                target: "within ±2 %",
                met: abs(route.errorPercent) <= 2,
                baseline: "configured \(route.configured)/s; per 1 s window \(route.windows)"
            )
        )
    }
    print("   remessad --until-idle wall time: \(seconds(wall))")
}

await scenario("webhook") {
    let result = try WebhookScenario(context: context, messages: webhookMessages).run()
    result.print(messages: webhookMessages)
    figures.append(
        Figure(
            name: "4. DLR webhook POST /dlr/<route>",
            measured: "\(grouped(result.deliveryReports.requestsPerSecond)) req/s",
            target: "≥ 5,000 req/s",
            met: result.deliveryReports.requestsPerSecond >= 5000 && result.deliveryReports.failures == 0
                && result.delivered == webhookMessages,
            baseline: "/healthz under wrk: \(grouped(result.health.requestsPerSecond)) req/s"
        )
    )
}

await scenario("idle") {
    let result = try IdleScenario(context: context, drops: drops, seconds: idleSeconds).run()
    print(
        String(
            format: "5. idle remessad (%d empty drops polled every 5 s, nothing queued) over %d s: %.2f %% of a core; "
                + "a python3 loop waking every 50 ms: %.2f %%",
            drops,
            idleSeconds,
            result.daemonPercent,
            result.pollerPercent
        )
    )
    figures.append(
        Figure(
            name: "5. idle daemon CPU, \(idleSeconds) s",
            measured: String(format: "%.2f %% of a core", result.daemonPercent),
            target: "< 1 %",
            met: result.daemonPercent < 1,
            baseline: String(format: "20 Hz polling loop: %.2f %%", result.pollerPercent)
        )
    )
}

Figure.printTable(figures)
if !CommandLine.arguments.contains("--keep") {
    try? FileManager.default.removeItem(atPath: context.work)
}
exit(failed ? 1 : 0)
