// Commit latency of a small writer while a 1,000,000-row file is ingested through the same Store: the writer
// commits as the dispatcher's GroupCommit and the delivery-report intake do (8 outcomes, or 8 reports, per
// transaction) every few milliseconds. Three phases in one run: the writer alone (the baseline), the ingest
// with the writer beside it, and the ingest alone (its speed without the writer). Prints p50/p99/max commit
// latency and the ingest's rows/s; asserts nothing but the outcome (every row stored once).
//
//   bench/run ingest-latency      (builds it in release mode, then runs it)
//   IngestLatencyBench [--rows 1000000] [--baseline-seconds 5] [--interval-ms 5] [--work /tmp/remessa-bench]
import Foundation
import Glibc
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

let rows = Int(argument("--rows", default: "1000000")) ?? 1_000_000
let baselineSeconds = Double(argument("--baseline-seconds", default: "5")) ?? 5
let interval = Int(argument("--interval-ms", default: "5")) ?? 5
let work = argument("--work", default: NSTemporaryDirectory() + "remessa-bench")
let root = work + "/ingest-latency-\(getpid())"
let clock = ContinuousClock()

/// One accepted row as the ingest of the base file makes it (about 50 characters of text).
func draft(_ index: Int) -> MessageDraft {
    MessageDraft(
        line: index + 2,
        destination: "55119\(String(format: "%08d", index % 100_000_000))",
        correlationID: nil,
        priority: .media,
        text: "Ola Cliente \(index), sua loja mais proxima: Loja \(index % 7)",
        encoding: .gsm7,
        segments: 1
    )
}

/// Claims and ingests `count` messages as file `name` of route `route`; answers the ids and the seconds taken.
func ingest(
    _ store: any Store,
    name: String,
    route: String,
    count: Int
) async throws -> (ids: ClosedRange<Int64>, seconds: Double) {
    let start = clock.now
    let batch = try await StoreFixture.acceptedBatch(
        name,
        drop: "bench",
        route: route,
        count: count,
        in: store,
        draft: draft
    )
    let seconds = start.duration(to: clock.now).seconds
    guard let first = batch.messages.first, let last = batch.messages.last else { throw NoRows() }
    return (first...last, seconds)
}

struct NoRows: Error {}

/// Commits 8 outcomes (or 8 delivery reports for outcomes committed earlier) every `interval` ms until `stop`
/// says so; answers each commit's latency in seconds.
func write(
    _ store: any Store,
    ids: ClosedRange<Int64>,
    cursor: inout Int64,
    until stop: @Sendable () -> Bool
) async throws
    -> [Double]
{
    var latencies: [Double] = []
    var reports = false
    while !stop() {
        let start = clock.now
        if reports {
            let reported = (cursor - 8..<cursor).map {
                ReportedStatus(
                    route: "other",
                    messageID: $0,
                    providerID: nil,
                    status: .delivered,
                    reasonCode: nil,
                    at: Date()
                )
            }
            _ = try await store.applyReports(reported)
        } else {
            let records = (cursor..<cursor + 8).map { DispatchRecord.submitted(messageID: $0, providerID: "p\($0)") }
            try await store.recordDispatch(records)
            cursor += 8
            if cursor + 8 > ids.upperBound { cursor = ids.lowerBound + 8 }
        }
        reports.toggle()
        latencies.append(start.duration(to: clock.now).seconds)
        try await Task.sleep(for: .milliseconds(interval))
    }
    return latencies
}

func figures(_ phase: String, _ latencies: [Double], ingest: (rows: Int, seconds: Double)?) -> String {
    let sorted = latencies.sorted()
    func quantile(_ q: Double) -> Double {
        sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.down)))]
    }
    var line = String(
        format: "%@ commits %6d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms",
        phase.padding(toLength: 26, withPad: " ", startingAt: 0),
        sorted.count,
        quantile(0.5) * 1000,
        quantile(0.99) * 1000,
        (sorted.last ?? .nan) * 1000
    )
    if let ingest {
        line += String(
            format: "   ingest %.2f s, %.0f rows/s",
            ingest.seconds,
            Double(ingest.rows) / ingest.seconds
        )
    }
    return line
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// A flag the ingest sets when it is done, read by the writer.
final class Done: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

do {
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try SQLiteStore(directory: root + "/state", access: .daemon)
    print(
        "store: \(root)/state (synchronous=FULL, WAL); writer: 8 outcomes or 8 reports per commit every \(interval) ms"
    )
    let other = try await ingest(store, name: "other.csv", route: "other", count: 400_000)
    var cursor = other.ids.lowerBound + 8

    // 1. The writer alone.
    let baselineEnd = clock.now + .milliseconds(Int(baselineSeconds * 1000))
    let baseline = try await write(store, ids: other.ids, cursor: &cursor) { clock.now >= baselineEnd }
    print(figures("writer alone", baseline, ingest: nil))

    // 2. The writer while the big file is ingested.
    let done = Done()
    let big = Task {
        defer { done.set() }
        return try await ingest(store, name: "big.csv", route: "bench", count: rows)
    }
    let during = try await write(store, ids: other.ids, cursor: &cursor) { done.isSet }
    let bigResult = try await big.value
    print(figures("writer during the ingest", during, ingest: (rows, bigResult.seconds)))
    guard bigResult.ids.count == rows else {
        print("the ingest stored \(bigResult.ids.count) rows, not \(rows)")
        exit(1)
    }

    // 3. The ingest alone, for its speed without the writer.
    let alone = try await ingest(store, name: "alone.csv", route: "bench", count: rows)
    print(figures("ingest alone", [], ingest: (rows, alone.seconds)))
} catch {
    print("ingest latency bench failed: \(error)")
    exit(1)
}
