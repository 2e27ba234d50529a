import BenchPostgres
import BenchSupport
import Foundation

extension PostgresIngestRun.Result {
    /// The figure: from the daemon's start until the file is archived (as ``IngestRun``'s).
    var ingestSeconds: Double { report["moved"].flatMap(Double.init) ?? remessa.run.seconds }

    func seconds(_ key: String) -> Double? { report[key].flatMap(Double.init) }

    static func printTable(_ results: [Self], rows: Int, bytes: Int) {
        print(
            "\nrun  psql \\copy CSV  remessad, start to archived  ratio   remessa rows/s  MiB/s"
                + "  psql \\copy of its rows into a copy of message  ratio to it  peak RSS (psql / remessad)"
        )
        for (index, result) in results.enumerated() {
            print(
                String(
                    format: "%3d  %12.2f s  %25.2f s  %5.2fx  %14.0f  %5.1f  %43.2f s  %10.2fx  %5.1f / %6.1f MiB",
                    index + 1,
                    result.copy.run.seconds,
                    result.ingestSeconds,
                    result.ingestSeconds / result.copy.run.seconds,
                    Double(rows) / result.ingestSeconds,
                    Double(bytes) / 1_048_576 / result.ingestSeconds,
                    result.floor.run.seconds,
                    result.ingestSeconds / result.floor.run.seconds,
                    result.copy.run.peakRSSMiB,
                    result.remessa.run.peakRSSMiB
                )
            )
        }
        if results.count > 1, let copy = results.map(\.copy.run.seconds).min(),
            let remessa = results.map(\.ingestSeconds).min(), let floor = results.map(\.floor.run.seconds).min()
        {
            // The machines are shared and noisy: each tool's best run is the figure least disturbed by others.
            print(
                String(
                    format: "best %11.2f s  %25.2f s  %5.2fx  %14.0f  %5.1f  %43.2f s  %10.2fx",
                    copy,
                    remessa,
                    remessa / copy,
                    Double(rows) / remessa,
                    Double(bytes) / 1_048_576 / remessa,
                    floor,
                    remessa / floor
                )
            )
        }
        print("\nwhere the time went (seconds; CPU = user + system; the server's CPU is all its processes'):")
        for (index, result) in results.enumerated() {
            result.printPhases(run: index + 1, rows: rows)
        }
        print(
            "ratio = remessad's time from start to archived / psql \\copy of the CSV (best: each tool's fastest of the"
                + " runs); target: within 2x."
        )
    }

    private func printPhases(run: Int, rows: Int) {
        let value = { (key: String) in report[key] ?? "-" }
        let ingest = seconds("ingest") ?? 0
        print(
            "\(run): psql \\copy CSV: wall \(format(copy.run.seconds)), psql CPU \(format(copy.run.cpuSeconds)),"
                + " server CPU \(format(copy.serverCPU))"
        )
        print(
            "   remessad: claimed at \(value("claimed")), download (copy + SHA-256) \(value("download")),"
                + " ingest (validate + COPY + result + commit) \(value("ingest"))"
                + String(format: " = %.0f rows/s,", ingest > 0 ? Double(rows) / ingest : 0)
                + " result in outbox at \(value("published")), archived at \(value("moved")),"
                + " stopped at \(value("stopped")); process wall \(format(remessa.run.seconds)),"
                + " remessad CPU \(format(remessa.run.cpuSeconds)), server CPU \(format(remessa.serverCPU));"
                + String(format: " message table %.0f MiB", tableMiB)
        )
        print("   its statements that took the most time (pg_stat_statements):")
        for line in statements { print("     " + line) }
        let slowest = slow.map { String(format: "%.2f s ", $0.milliseconds / 1000) + $0.statement }
        print(
            "   its statements over \(BenchCluster.slowStatementMilliseconds) ms (the server's log):"
                + (slowest.isEmpty ? " none" : "")
        )
        for statement in slowest { print("     " + statement) }
        for checkpoint in checkpoints { print("     " + checkpoint) }
        print(
            "   psql \\copy of its \(rows) rows into a copy of message (indexes + foreign key):"
                + " wall \(format(floor.run.seconds)), psql CPU \(format(floor.run.cpuSeconds)),"
                + " server CPU \(format(floor.serverCPU))"
        )
        print(
            "   outcome: \(value("messages")) messages in the store, \(value("accepted")) of \(value("rows")) rows"
                + " accepted, \(value("result_lines")) lines in the result file (rows + 1)"
        )
    }

    private func format(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
}
