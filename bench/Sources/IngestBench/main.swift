// remessad (stopped with SIGTERM once the file is archived) over a local drop whose inbox holds the 1,000,000-row base file of
// CheckBench: claim, spool with SHA-256, validate, store every message, write the result file to the outbox,
// archive the original. Beside it, in the same run, `sqlite3 .import` of the same file into a fresh database.
// Prints seconds, rows/s, peak RSS and the ratio; asserts nothing but the outcome (every row stored once,
// one result line per row).
// With --postgres the store is a throwaway PostgreSQL 15 cluster (RemessaTesting's sandbox; durable: fsync,
// synchronous_commit and full_page_writes on, unless --durable off), and the baseline is `psql \copy` of the
// same file into a table of the same cluster; `psql \copy` of the rows remessad stored into a copy of its
// message table follows (PostgresIngestRun), with the server's CPU and its slow statements.
//
//   bench/run ingest           (builds release binaries, then runs this)
//   bench/run ingest-pg        (the same with --postgres)
//   IngestBench [--rows 1000000] [--runs 3] [--work /tmp/remessa-bench] [--checkbench PATH] [--remessa PATH]
//               [--postgres [--durable on|off]] [--keep]
// The base file is CheckBench's (`<work>/base-<rows>.csv`), reused when present and whole, else made by
// running CheckBench. The daemon runs in a child process (this binary with `--daemon-pass ROOT`) so that its
// peak RSS is its own. INGEST_BENCH_LOG=1 prints the daemon's log messages with their times.
import BenchPostgres
import Foundation
import Glibc

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

/// This executable, to re-run it as the daemon child and to find CheckBench beside it.
let executable =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

if CommandLine.arguments.contains("--daemon-pass") {
    do {
        let url = argument("--postgres-url", default: "")
        try await DaemonPass.run(
            root: argument("--daemon-pass", default: ""),
            postgres: url.isEmpty ? nil : (url, argument("--postgres-password-file", default: ""))
        )
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("daemon pass failed: \(error)\n".utf8))
        exit(1)
    }
}

let rows = Int(argument("--rows", default: "1000000")) ?? 1_000_000
let runs = Int(argument("--runs", default: "3")) ?? 3
let work = argument("--work", default: NSTemporaryDirectory() + "remessa-bench")
let checkBench = argument(
    "--checkbench",
    default: URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("CheckBench").path
)
let remessa = argument("--remessa", default: ".build-release/release/remessa")

/// With `--postgres`: the throwaway cluster both sides write to.
var cluster: BenchCluster?
do {
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let file = try BaseFile.prepare(rows: rows, work: work, checkBench: checkBench, remessa: remessa)
    let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    print(
        "file: \(file) — \(rows) rows, \(String(format: "%.1f", Double(size) / 1_048_576)) MiB"
            + " (\(size / max(rows, 1)) B/row)"
    )
    let root = work + "/ingest-\(getpid())"
    defer {
        if !CommandLine.arguments.contains("--keep") { try? FileManager.default.removeItem(atPath: root) }
    }
    if CommandLine.arguments.contains("--postgres") {
        let started = try await BenchCluster.start(durable: argument("--durable", default: "on") != "off", work: work)
        cluster = started
        print(started.summary)
        var results: [PostgresIngestRun.Result] = []
        for _ in 0..<runs {
            let run = PostgresIngestRun(file: file, rows: rows, root: root, executable: executable, cluster: started)
            results.append(try run.run())
        }
        PostgresIngestRun.Result.printTable(results, rows: rows, bytes: size)
    } else {
        var results: [IngestRun.Result] = []
        for _ in 0..<runs {
            results.append(try IngestRun(file: file, rows: rows, root: root, executable: executable).run())
        }
        IngestRun.Result.printTable(results, rows: rows, bytes: size)
    }
} catch {
    print("ingest bench failed: \(error)")
    await cluster?.stop()
    exit(1)
}
await cluster?.stop()
