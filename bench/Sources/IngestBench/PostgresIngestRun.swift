import BenchPostgres
import BenchSupport
import Foundation

/// One run over the same file in the same PostgreSQL cluster, in a fresh database: `psql \copy` of the file into a
/// table of its six text columns (the baseline, as `sqlite3 .import` is SQLite's), then remessad with
/// `state.postgres` on that database, then `psql \copy` of the very rows remessad stored into a copy of its
/// `message` table (its indexes and its foreign key): what PostgreSQL alone needs to take those rows, the floor
/// under remessad's figure. A checkpoint before each, so none pays for another's dirty buffers.
struct PostgresIngestRun {
    let file: String
    let rows: Int
    let root: String
    let executable: String
    let cluster: BenchCluster

    static let database = "ingest"

    /// The columns remessad's `COPY` fills (PostgresMessageSink.columns), in its order.
    static let messageColumns =
        "id, batch_id, line, destination, correlation_id, priority, text, encoding, segments, client_code, tag, "
        + "status, next_attempt_at"

    struct Side {
        var run: ChildRun
        /// CPU seconds of the server's processes while it ran.
        var serverCPU: Double
    }

    struct Result {
        var copy: Side
        var remessa: Side
        var floor: Side
        /// The child's `key=value` report (``DaemonPass``).
        var report: [String: String]
        /// Statements of remessad's pass that the server logged as slow, and its checkpoints meanwhile.
        var slow: [(milliseconds: Double, statement: String)]
        var checkpoints: [String]
        /// remessad's statements that took the most time (``BenchCluster/topStatements(database:limit:width:)``).
        var statements: [String]
        var tableMiB: Double
    }

    func run() throws -> Result {
        let database = Self.database
        let name = try IngestRun.prepareDrop(root: root, file: file)
        try cluster.recreateDatabase(database)
        defer { cluster.dropDatabase(database) }

        // Baseline: the file as it is into a new table, one transaction, as Remessa's role over TCP.
        try cluster.psql(
            "CREATE TABLE rows (destination text, nome text, loja text, cupom text, codigo text, cidade text)",
            database: database
        )
        let copy = try timed {
            try cluster.psql(
                "\\copy rows FROM '\(file)' WITH (FORMAT csv, DELIMITER ';', HEADER true)",
                database: database
            )
        }
        let copied = Int(try cluster.number("SELECT count(*) FROM rows", database: database))
        guard copied == rows else { throw BenchFailure("psql \\copy stored \(copied) rows, not \(rows)") }
        try cluster.psql("DROP TABLE rows", database: database)

        // Remessa: the daemon on that database finds the file in the inbox at once.
        let offset = cluster.logOffset()
        try cluster.resetStatements()
        let remessa = try timed {
            try ChildRun.run([
                executable, "--daemon-pass", root, "--postgres-url", cluster.url(database: database),
                "--postgres-password-file", cluster.passwordFile,
            ])
        }
        let slow = cluster.slowStatements(since: offset)
        let checkpoints = cluster.checkpoints(since: offset)
        let statements = try cluster.topStatements(database: database)
        var report = try IngestRun.report(of: remessa.run)
        try IngestRun.checkOutcome(&report, root: root, name: name, rows: rows)
        let tableMiB =
            try cluster.number("SELECT pg_total_relation_size('message')", database: database) / 1_048_576

        // The floor: remessad's rows (as they were queued) into a copy of its message table.
        let stored = root + "/messages.tsv"
        defer { try? FileManager.default.removeItem(atPath: stored) }
        try cluster.psql(
            "\\copy (SELECT \(Self.messageColumns.replacingOccurrences(of: "status, next_attempt_at", with: "'QUEUED', NULL"))"
                + " FROM message ORDER BY id) TO '\(stored)'",
            database: database
        )
        try cluster.psql(
            "CREATE TABLE message_floor (LIKE message INCLUDING ALL);"
                + " ALTER TABLE message_floor ADD FOREIGN KEY (batch_id) REFERENCES batch (id)",
            database: database
        )
        let floor = try timed {
            try cluster.psql("\\copy message_floor (\(Self.messageColumns)) FROM '\(stored)'", database: database)
        }
        let floorRows = Int(try cluster.number("SELECT count(*) FROM message_floor", database: database))
        guard floorRows == rows else { throw BenchFailure("the floor's \\copy stored \(floorRows) rows, not \(rows)") }
        return Result(
            copy: copy,
            remessa: remessa,
            floor: floor,
            report: report,
            slow: slow,
            checkpoints: checkpoints,
            statements: statements,
            tableMiB: tableMiB
        )
    }

    /// Runs `body` after a checkpoint, with the server's CPU time meanwhile.
    private func timed(_ body: () throws -> ChildRun) throws -> Side {
        try cluster.checkpoint()
        let before = cluster.serverCPUSeconds()
        let run = try body()
        return Side(run: run, serverCPU: cluster.serverCPUSeconds() - before)
    }
}
