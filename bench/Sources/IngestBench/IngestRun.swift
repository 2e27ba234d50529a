import BenchSupport
import Foundation
import Glibc

/// One run of both sides over the same file, each in a fresh directory.
struct IngestRun {
    let file: String
    let rows: Int
    let root: String
    let executable: String

    struct Result {
        var sqlite: ChildRun
        var remessa: ChildRun
        /// The child's `key=value` report (``DaemonPass``).
        var report: [String: String]
    }

    func run() throws -> Result {
        // The file waits in the inbox of a drop no daemon watches yet.
        let name = try Self.prepareDrop(root: root, file: file)

        // Baseline: the sqlite3 shell's CSV import into a new table of a new database (its defaults: rollback
        // journal, synchronous=FULL, one transaction).
        let database = root + "/baseline.sqlite"
        let sqlite = try ChildRun.run([
            "sqlite3", database, "-cmd", ".mode csv", "-cmd", ".separator ;", ".import \(file) rows",
        ])
        let imported = try ChildRun.run(["sqlite3", database, "SELECT count(*) FROM rows"])
        guard sqlite.status == 0, Int(imported.output.trimmingCharacters(in: .whitespacesAndNewlines)) == rows else {
            throw BenchFailure("sqlite3 .import (exit \(sqlite.status)) stored \(imported.output), not \(rows) rows")
        }
        try? FileManager.default.removeItem(atPath: database)

        // Remessa: the daemon finds the file in the inbox at once.
        let remessa = try ChildRun.run([executable, "--daemon-pass", root])
        var report = try Self.report(of: remessa)
        try Self.checkOutcome(&report, root: root, name: name, rows: rows)
        return Result(sqlite: sqlite, remessa: remessa, report: report)
    }
}

extension IngestRun {
    /// The daemon child's `key=value` report (its last line of output).
    static func report(of remessa: ChildRun) throws -> [String: String] {
        guard remessa.status == 0, let line = remessa.output.split(separator: "\n").last else {
            throw BenchFailure("the daemon pass failed (exit \(remessa.status)):\n\(remessa.output.suffix(4000))")
        }
        var report: [String: String] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { report[String(parts[0])] = String(parts[1]) }
        }
        return report
    }

    /// The outcome: every row accepted and stored once, one result line per row (counted into `report`), the
    /// original `name` archived.
    static func checkOutcome(_ report: inout [String: String], root: String, name: String, rows: Int) throws {
        let resultFile = root + "/drop/outbox/" + name + ".result.csv"
        let resultLines = (try? lineCount(resultFile)) ?? 0
        report["result_lines"] = "\(resultLines)"
        var problems: [String] = []
        if report["messages"] != "\(rows)" { problems.append("\(report["messages"] ?? "?") messages stored") }
        if report["accepted"] != "\(rows)" { problems.append("\(report["accepted"] ?? "?") rows accepted") }
        if resultLines != rows + 1 { problems.append("\(resultLines) lines in \(resultFile)") }
        if !FileManager.default.fileExists(atPath: root + "/drop/archive/" + name) {
            problems.append("the original is not in archive/")
        }
        guard problems.isEmpty else {
            throw BenchFailure("remessa did not ingest every row of \(rows): " + problems.joined(separator: ", "))
        }
    }

    /// A fresh `root` with `drop/inbox/` holding `file` (a hard link: no copy, an old mtime, so stable at once);
    /// answers the file's name.
    static func prepareDrop(root: String, file: String) throws -> String {
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root + "/drop/inbox", withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: file).lastPathComponent
        if link(file, root + "/drop/inbox/" + name) != 0 {
            try FileManager.default.copyItem(atPath: file, toPath: root + "/drop/inbox/" + name)
        }
        return name
    }
}

extension IngestRun.Result {
    func seconds(_ key: String) -> Double? { report[key].flatMap(Double.init) }

    /// The figure: from the daemon's start until the file is archived, its messages committed and its result
    /// file in the outbox. What follows (the SIGTERM, the drain of the dispatcher that has begun sending, the
    /// bench's own store queries) is not ingest; the process wall is printed beside it.
    var ingestSeconds: Double { seconds("moved") ?? remessa.seconds }

    static func printTable(_ results: [Self], rows: Int, bytes: Int) {
        print(
            "\nrun  rows       sqlite3 .import  remessad, start to archived  ratio   remessa rows/s  remessa MiB/s  peak RSS (sqlite3 / remessad)"
        )
        for (index, result) in results.enumerated() {
            print(
                String(
                    format: "%3d  %-9d  %12.2f s  %25.2f s  %5.2fx  %14.0f  %13.1f  %7.1f / %6.1f MiB",
                    index + 1,
                    rows,
                    result.sqlite.seconds,
                    result.ingestSeconds,
                    result.ingestSeconds / result.sqlite.seconds,
                    Double(rows) / result.ingestSeconds,
                    Double(bytes) / 1_048_576 / result.ingestSeconds,
                    result.sqlite.peakRSSMiB,
                    result.remessa.peakRSSMiB
                )
            )
        }
        if results.count > 1, let sqlite = results.map(\.sqlite.seconds).min(),
            let remessa = results.map(\.ingestSeconds).min()
        {
            // The machines are shared and noisy: each tool's best run is the figure least disturbed by others.
            print(
                String(
                    format: "best %-9d  %12.2f s  %25.2f s  %5.2fx  %14.0f  %13.1f",
                    rows,
                    sqlite,
                    remessa,
                    remessa / sqlite,
                    Double(rows) / remessa,
                    Double(bytes) / 1_048_576 / remessa
                )
            )
        }
        print("\nremessad pass, from the daemon's log (seconds since the child began; durations as logged):")
        for (index, result) in results.enumerated() {
            let value = { (key: String) in result.report[key] ?? "-" }
            let ingest = result.seconds("ingest") ?? 0
            print(
                "\(index + 1): claimed at \(value("claimed")), download (copy + SHA-256) \(value("download")) s,"
                    + " ingest (validate + insert + result + commit) \(value("ingest")) s"
                    + String(format: " = %.0f rows/s,", ingest > 0 ? Double(rows) / ingest : 0)
                    + " result in outbox at \(value("published")), archived at \(value("moved")),"
                    + " stopped (SIGTERM) at \(value("stopped")); process wall \(String(format: "%.3f", result.remessa.seconds)) s"
            )
            print(
                "   outcome: \(value("messages")) messages in the store, \(value("accepted")) of"
                    + " \(value("rows")) rows accepted, \(value("result_lines")) lines in the result file (rows + 1)"
            )
        }
        print(
            "ratio = remessad's time from start to archived / sqlite3 .import time (best: each tool's fastest of the"
                + " runs);"
                + " target: within 2x, RSS under 200 MiB."
        )
    }
}
