// Purging 1,000,000 finished messages (contract §12): Store.purgeMessages erases destinations, texts and ids in
// short transactions with secure_delete on, then truncates the WAL. Prints the total time, the number of
// transactions and the longest one (the most dispatch could wait on the writer), beside the baseline: the
// sqlite3 shell doing the same UPDATE (secure_delete on, then a WAL truncate) on a copy of the same database in
// one transaction. Asserts nothing but the outcome (every message erased).
//
//   bench/run purge      (builds it in release mode, then runs it)
//   PurgeBench [--rows 1000000] [--work /tmp/remessa-bench]
import BenchSupport
import Foundation
import Glibc
import RemessaCore
import RemessaStore
import RemessaTesting

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

let rows = Int(argument("--rows", default: "1000000")) ?? 1_000_000
let work = argument("--work", default: NSTemporaryDirectory() + "remessa-bench")
let root = work + "/purge-\(getpid())"
let clock = ContinuousClock()

/// One accepted row as the ingest of a base file makes it, with the fields a purge erases.
func draft(_ index: Int) -> MessageDraft {
    MessageDraft(
        line: index + 2,
        destination: "55119\(String(format: "%08d", index % 100_000_000))",
        correlationID: "pedido-\(index)",
        priority: .media,
        text: "Ola Cliente \(index), sua loja mais proxima: Loja \(index % 7)",
        encoding: .gsm7,
        segments: 1,
        clientCode: "C\(index)",
        tag: "campanha"
    )
}

func sqlite(_ database: String, _ sql: String) throws -> ChildRun {
    let run = try ChildRun.run(["/usr/bin/sqlite3", database, sql])
    guard run.status == 0 else { throw BenchFailure("sqlite3 failed: \(run.output)") }
    return run
}

try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
print("Setting up: \(rows) messages, finished 40 days ago …")
let store = try SQLiteStore(directory: root + "/state", access: .daemon)
let finished = Date() - 40 * 86400
let batch = try await StoreFixture.acceptedBatch("base.csv", drop: "bench", count: rows, in: store, draft: draft)
let database = root + "/state/store.sqlite"
// Every message delivered, as in a finished batch (setup, not timed).
_ = try sqlite(database, "UPDATE message SET status = 'DELIVERED', done_at = 1; PRAGMA wal_checkpoint(TRUNCATE);")
try await store.recordBatchFinished(batch.file, at: finished)
_ = try await store.checkpointAfterPurge()
try FileManager.default.copyItem(atPath: database, toPath: root + "/baseline.sqlite")

let start = clock.now
let due = try await store.purgeableBatches(drop: "bench", finishedBefore: Date() - 30 * 86400)
var erased = 0
var transactions = 0
var longest = Duration.zero
for candidate in due {
    let purge = try await store.purgeMessages(of: candidate.id)
    erased += purge.messages
    transactions += purge.transactions
    longest = max(longest, purge.longestTransaction)
}
let cleared = try await store.checkpointAfterPurge()
let seconds = start.duration(to: clock.now)
guard erased == rows, cleared else { throw BenchFailure("erased \(erased) of \(rows); WAL cleared: \(cleared)") }
let left = try sqlite(database, "SELECT count(*) FROM message WHERE destination != '' OR text != ''")
guard left.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else {
    throw BenchFailure("messages left with data: \(left.output)")
}

let baseline = try sqlite(
    root + "/baseline.sqlite",
    """
    PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
    UPDATE message SET destination = '', text = '', correlation_id = NULL, client_code = NULL, tag = NULL,
    last_error = NULL WHERE batch_id = \(batch.file);
    PRAGMA wal_checkpoint(TRUNCATE);
    """
)

func format(_ value: Double) -> String { String(format: "%.2f", value) }
let purgeSeconds = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18
let longestMs = Double(longest.components.seconds) * 1000 + Double(longest.components.attoseconds) * 1e-15
print("Purge of \(rows) finished messages (secure_delete on, WAL truncated after):")
print(
    "  remessa Store.purgeMessages: \(format(purgeSeconds)) s, \(Int(Double(rows) / purgeSeconds)) messages/s, "
        + "\(transactions) transactions of \(SQLiteStore.purgeChunk), longest \(format(longestMs)) ms"
)
print(
    "  baseline sqlite3 one UPDATE: \(format(baseline.seconds)) s, "
        + "\(Int(Double(rows) / baseline.seconds)) messages/s, one transaction of \(format(baseline.seconds * 1000)) ms"
)
try? FileManager.default.removeItem(atPath: root)
