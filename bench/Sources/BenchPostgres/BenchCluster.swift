import BenchSupport
import Foundation
import Glibc
import RemessaTesting

/// A throwaway PostgreSQL 15 cluster for the benchmarks (RemessaTesting's ``PostgresSandbox``, never the system
/// service), durable unless told otherwise, with `psql` as Remessa's role over TCP (as remessad connects) and as
/// the superuser over the socket, the server's CPU time, and its slow statements from its log.
public final class BenchCluster: Sendable {
    public let sandbox: PostgresSandbox
    /// Whether the server runs with `fsync`, `synchronous_commit` and `full_page_writes` on (a production server)
    /// rather than the sandbox's test settings (all off).
    public let durable: Bool
    /// Statements slower than this are logged with their duration (read back by ``slowStatements(since:)``).
    public static let slowStatementMilliseconds = 200

    /// `psql` of the PostgreSQL 15 programs the sandbox runs.
    public static let psql = "/usr/lib/postgresql/15/bin/psql"
    public static let pgDump = "/usr/lib/postgresql/15/bin/pg_dump"

    /// `psql`'s password file (`PGPASSFILE`), removed by ``stop()``.
    private let passfile: String

    private init(sandbox: PostgresSandbox, durable: Bool, passfile: String) {
        self.sandbox = sandbox
        self.durable = durable
        self.passfile = passfile
    }

    /// Makes and starts the cluster (`initdb` in a temporary directory; the sandbox's watchdog removes it if this
    /// process dies), and points `psql`'s password file (`PGPASSFILE`, in `work`) at its role.
    public static func start(durable: Bool, work: String) async throws -> BenchCluster {
        var settings = [
            "log_min_duration_statement": "\(slowStatementMilliseconds)",
            "log_checkpoints": "on",
            "shared_preload_libraries": "pg_stat_statements",
        ]
        if durable {
            settings.merge(["fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"]) { $1 }
        }
        let sandbox = try await PostgresSandbox.start(PostgresSandboxConfiguration(settings: settings))
        let passfile = work + "/pgpass"
        try "\(sandbox.host):\(sandbox.port):*:\(sandbox.user):\(sandbox.password)\n"
            .write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        setenv("PGPASSFILE", passfile, 1)
        return BenchCluster(sandbox: sandbox, durable: durable, passfile: passfile)
    }

    /// Stops the server, removes its directory and `psql`'s password file.
    public func stop() async {
        await sandbox.stop()
        unlink(passfile)
    }

    /// The contract's `state.postgres.url` for `database` (no password in it).
    public func url(database: String) -> String {
        "postgres://\(sandbox.user)@\(sandbox.host):\(sandbox.port)/\(database)"
    }

    public var passwordFile: String { sandbox.passwordFile }

    /// One line on the server and its settings, for the bench's header.
    public var summary: String {
        let show = { (name: String) in
            ((try? self.sandbox.psql("SHOW \(name)")) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let version = show("server_version")
        let settings = ["fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "max_wal_size"]
            .map { "\($0)=\(show($0))" }.joined(separator: " ")
        return "PostgreSQL \(version) sandbox on \(sandbox.host):\(sandbox.port) (\(sandbox.stateDirectory)): "
            + settings
    }

    /// A new, empty `database` owned by Remessa's role (an existing one of that name is dropped first).
    public func recreateDatabase(_ database: String) throws {
        try sandbox.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", database: "postgres")
        try sandbox.psql("CREATE DATABASE \(database) OWNER \(sandbox.user)", database: "postgres")
    }

    public func dropDatabase(_ database: String) {
        _ = try? sandbox.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)", database: "postgres")
    }

    /// Runs `psql -c command` as Remessa's role over TCP in `database`, timed (its start and login included, as
    /// the sqlite3 shell's start is in its figures); throws unless it exits 0.
    @discardableResult
    public func psql(_ command: String, database: String) throws -> ChildRun {
        try psql(["-c", command], database: database)
    }

    /// `psql` with `arguments` (`-c SQL`, `-f FILE`) as Remessa's role over TCP, unaligned and tuples only.
    @discardableResult
    public func psql(_ arguments: [String], database: String) throws -> ChildRun {
        let run = try ChildRun.run(
            [
                Self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", sandbox.host,
                "-p", String(sandbox.port), "-U", sandbox.user, "-d", database,
            ] + arguments
        )
        guard run.status == 0 else {
            throw BenchFailure("psql \(arguments.joined(separator: " ").prefix(200)) exited with \(run.status)")
        }
        return run
    }

    /// What `sql` answers in `database`, read as the superuser over the socket: a line per row, `|` between
    /// columns.
    public func query(_ sql: String, database: String) throws -> String {
        try sandbox.psql(sql, database: database)
    }

    /// The one number `sql` answers in `database` (read as the superuser), 0 when none.
    public func number(_ sql: String, database: String) throws -> Double {
        Double(try query(sql, database: database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// `database`'s schema, without owners or privileges, as SQL in `file` (`pg_dump --schema-only`).
    public func dumpSchema(of database: String, to file: String) throws {
        let dump = try ChildRun.run([
            Self.pgDump, "--schema-only", "--no-owner", "--no-privileges", "-h", sandbox.socketDirectory,
            "-p", String(sandbox.port), "-U", "postgres", "-d", database, "-f", file,
        ])
        guard dump.status == 0 else { throw BenchFailure("pg_dump --schema-only exited with \(dump.status)") }
    }

    /// A checkpoint, so that each side starts with no dirty buffers of the other's.
    public func checkpoint() throws {
        try sandbox.psql("CHECKPOINT", database: "postgres")
    }

    /// Starts counting statements afresh (`pg_stat_statements`, loaded at the server's start).
    public func resetStatements() throws {
        try sandbox.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", database: "postgres")
        try sandbox.psql("SELECT pg_stat_statements_reset()", database: "postgres")
    }

    /// The statements run in `database` since ``resetStatements()`` that took the most time, as lines of calls,
    /// total and mean execution time, rows and the statement's first `width` characters; then their sum.
    public func topStatements(database: String, limit: Int = 8, width: Int = 110) throws -> [String] {
        let rows = try sandbox.psql(
            """
            SELECT calls, total_exec_time, rows, regexp_replace(left(query, \(width)), '\\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '\(database)')
            ORDER BY total_exec_time DESC
            """,
            database: "postgres"
        ).split(separator: "\n").map { $0.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false) }
        var lines: [String] = []
        var calls = 0
        var milliseconds = 0.0
        for (index, row) in rows.enumerated() where row.count == 4 {
            let count = Int(row[0]) ?? 0
            let total = Double(row[1]) ?? 0
            calls += count
            milliseconds += total
            guard index < limit else { continue }
            lines.append(
                String(
                    format: "%8d calls %8.2f s %9.3f ms each %9d rows  ",
                    count,
                    total / 1000,
                    total / Double(max(count, 1)),
                    Int(row[2]) ?? 0
                )
                    + row[3]
            )
        }
        lines.append(
            String(
                format: "%8d calls %8.2f s in all (execution only: no parsing, no protocol, no commit wait)",
                calls,
                milliseconds / 1000
            )
        )
        return lines
    }

    /// CPU seconds (user + system) the server's processes have used so far: the postmaster's own, those of its
    /// children it has reaped (backends of closed sessions), and those of its children still running.
    public func serverCPUSeconds() -> Double {
        let pids = sandbox.serverProcessIDs()
        guard let root = pids.first else { return 0 }
        var ticks = 0
        for pid in pids {
            guard let fields = Self.statFields(pid) else { continue }
            // After "pid (comm)": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
            ticks += (fields[11] + fields[12]) + (pid == root ? fields[13] + fields[14] : 0)
        }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func statFields(_ pid: Int32) -> [Int]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ").map { Int($0) ?? 0 }
        return fields.count > 14 ? fields : nil
    }

    /// The server log's length now, to read what is logged after it.
    public func logOffset() -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: sandbox.serverLogPath)[.size]) as? Int) ?? 0
    }

    /// Statements logged slower than ``slowStatementMilliseconds`` after `offset`: milliseconds and the
    /// statement's first `width` characters.
    public func slowStatements(since offset: Int, width: Int = 90) -> [(milliseconds: Double, statement: String)] {
        guard let handle = FileHandle(forReadingAtPath: sandbox.serverLogPath) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            guard let duration = line.range(of: "duration: "),
                let ms = line.range(of: " ms", range: duration.upperBound..<line.endIndex),
                let milliseconds = Double(line[duration.upperBound..<ms.lowerBound])
            else { return nil }
            let statement = line[ms.upperBound...].drop { $0 == " " }
            return (milliseconds, String(statement.prefix(width)))
        }
    }

    /// Checkpoints the server logged after `offset` ("checkpoint complete: …"), shortened.
    public func checkpoints(since offset: Int) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: sandbox.serverLogPath) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").filter { $0.contains("checkpoint complete") }.map {
            String($0[($0.range(of: "checkpoint complete")?.lowerBound ?? $0.startIndex)...].prefix(160))
        }
    }
}
