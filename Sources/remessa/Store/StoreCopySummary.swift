import Foundation
import RemessaPostgres

/// What `remessa store copy` prints once the copy committed: rows per table, the time, where the ids go on.
struct StoreCopySummary {
    /// The SQLite file copied.
    let from: String
    /// The PostgreSQL database's name (never its address or credentials).
    let database: String
    let report: StoreCopy.Report

    private var seconds: Double {
        let (seconds, attoseconds) = report.duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }

    var json: JSONValue {
        .object([
            ("from", .string(from)),
            ("database", .string(database)),
            ("seconds", .double(seconds)),
            ("rows", .int(report.rows)),
            ("tables", .array(report.tables.map { .object([("table", .string($0.name)), ("rows", .int($0.rows))]) })),
            ("lastIds", .object(report.lastIDs.map { ($0.table, .int(Int($0.id))) })),
            ("stagedMessagesLeftOut", .int(report.stagedMessages)),
        ])
    }

    func text(style: TerminalStyle) -> String {
        var lines = [
            style.paint("Copied \(from) into the PostgreSQL database \(database)", .bold)
                + " in \(String(format: "%.2f", seconds)) s: \(report.rows) rows.",
            "",
        ]
        var table = TextTable([.init(title: "TABLE"), .init(title: "ROWS", alignment: .right)])
        for copied in report.tables {
            table.append([copied.name, String(copied.rows)])
        }
        lines += table.lines(style: style)
        lines.append("")
        if !report.lastIDs.isEmpty {
            lines.append(
                "New ids go on after: " + report.lastIDs.map { "\($0.table) \($0.id)" }.joined(separator: ", ") + "."
            )
        }
        if report.stagedMessages > 0 {
            lines.append(
                "\(report.stagedMessages) messages of an ingest cut short were left out: "
                    + "a node takes their file up again."
            )
        }
        lines.append("The SQLite store is left as it was; start the nodes with this configuration.")
        return lines.joined(separator: "\n") + "\n"
    }
}
