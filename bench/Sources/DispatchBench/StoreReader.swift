import BenchPostgres
import BenchSupport
import Foundation

/// remessad's store as the `sqlite3` shell (read-only) or `psql` reads it, while the daemon runs or after it
/// exited. The same queries serve both: the tables and their columns are the same.
struct StoreReader {
    enum Source {
        /// `<state>/store.sqlite`.
        case sqlite(path: String)
        /// A database of the bench's cluster, read as its superuser.
        case postgres(BenchCluster, database: String)
    }

    let source: Source

    init(state: String) {
        source = .sqlite(path: state + "/store.sqlite")
    }

    init(cluster: BenchCluster, database: String) {
        source = .postgres(cluster, database: database)
    }

    /// The rows `sql` answers, each as its `|`-separated columns; empty when the store does not exist yet.
    func rows(_ sql: String) throws -> [[String]] {
        let output: String
        switch source {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            let run = try ChildRun.run(["sqlite3", "-readonly", "-batch", "-cmd", ".timeout 10000", path, sql])
            guard run.status == 0 else {
                throw BenchFailure("sqlite3 \(path) \"\(sql)\" exited with \(run.status)")
            }
            output = run.output
        case .postgres(let cluster, let database):
            output = try cluster.query(sql, database: database)
        }
        return output.split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The one number `sql` answers (0 when there is none).
    func number(_ sql: String) throws -> Double {
        try rows(sql).first?.first.flatMap(Double.init) ?? 0
    }

    /// When each message of `route`'s batches (all routes when `nil`) was recorded SUBMITTED, in order:
    /// `message.submitted_at`, the commit time of its submission. (Its SUBMITTED event carries the same time, but
    /// a message whose delivery report overtook that commit has no SUBMITTED event, only its final one.)
    func submittedTimes(route: String? = nil) throws -> [Double] {
        let filter = route.map { " AND batch_id IN (SELECT id FROM batch WHERE route = '\($0)')" } ?? ""
        return try rows("SELECT submitted_at FROM message WHERE submitted_at IS NOT NULL\(filter) ORDER BY 1")
            .compactMap { $0.first.flatMap(Double.init) }
    }

    /// SUBMITTED events (fewer than submitted messages when delivery reports overtook submission commits).
    func submittedEvents() throws -> Int {
        Int(try number("SELECT count(*) FROM event WHERE status = 'SUBMITTED'"))
    }

    /// How many messages are in each status, as `STATUS=count` words.
    func statusCounts() throws -> String {
        try rows("SELECT status, count(*) FROM message GROUP BY status ORDER BY status").map {
            "\($0[0])=\($0.count > 1 ? $0[1] : "?")"
        }.joined(separator: " ")
    }

    /// The times the files of the store were claimed (first) and ingested (last).
    func ingestSpan() throws -> (firstClaim: Double, lastIngested: Double) {
        let row = try rows("SELECT min(claimed_at), max(ingested_at) FROM file").first ?? []
        return (row.first.flatMap(Double.init) ?? 0, row.count > 1 ? Double(row[1]) ?? 0 : 0)
    }
}
