import Foundation
import RemessaTesting

/// The end of the failover run, read from the store, the outboxes, the node logs and the gateway.
struct FailoverChecks {
    struct Check {
        var name: String
        var passed: Bool
        var detail: String
    }

    var checks: [Check] = []
    var totals: [String] = []

    static let nonTerminal = "('QUEUED','SCHEDULED','SUBMITTED')"

    init(run: FailoverScenario.Run, rig: Rig, maxInFlight: Int) throws {
        let database = run.configuration.database
        let inputs = run.inputs
        let rows = inputs.reduce(0) { $0 + $1.rows }
        checks.append(
            Check(
                name: "every final file within the drain timeout",
                passed: run.drained,
                detail: String(format: "%.1f s after the last kill and restart", run.drainSeconds)
            )
        )

        // Files: one row per input file, nothing else.
        var fileRows: [String: Int] = [:]
        for row in try rig.rows("SELECT drop_name, name, count(*) FROM file GROUP BY 1, 2", in: database)
        where row.count == 3 {
            fileRows[row[0] + "/" + row[1]] = Int(row[2]) ?? 0
        }
        let expected = Set(inputs.map { $0.drop + "/" + $0.name })
        let twice = fileRows.filter { $0.value > 1 }.map(\.key).sorted()
        let missing = expected.subtracting(fileRows.keys).sorted()
        let unknown = Set(fileRows.keys).subtracting(expected).sorted()
        checks.append(
            Check(
                name: "every file ingested once (one file row each)",
                passed: twice.isEmpty && missing.isEmpty && unknown.isEmpty,
                detail:
                    "\(fileRows.count) file rows for \(inputs.count) files; twice: \(twice), missing: \(missing), unknown: \(unknown)"
            )
        )
        let outcomes = try rig.rows(
            "SELECT coalesce(outcome, '-') || ':' || stage, count(*) FROM file GROUP BY 1 ORDER BY 1",
            in: database
        )
        totals.append("files by outcome:stage: " + outcomes.map { $0.joined(separator: "=") }.joined(separator: " "))

        // Outboxes: one result, final and summary file for each input; no error file; each name published once.
        var absent: [String] = []
        var errors: [String] = []
        for input in inputs {
            let outbox = Set(run.configuration.outbox(input.drop))
            for suffix in [".result.csv", ".final.csv", ".summary.json"] where !outbox.contains(input.name + suffix) {
                absent.append(input.drop + "/" + input.name + suffix)
            }
            if outbox.contains(input.name + ".error.csv") { errors.append(input.name) }
        }
        var publications: [String: Int] = [:]
        for process in run.processes {
            for line in process.output where line.text.contains("Outbox file published") {
                let drop = Killer.metadata("remessa.drop", in: line.text) ?? "?"
                let name = Killer.metadata("remessa.outbox.name", in: line.text) ?? "?"
                publications[drop + "/" + name, default: 0] += 1
            }
        }
        let republished = publications.filter { $0.value > 1 }.sorted { $0.key < $1.key }
        checks.append(
            Check(
                name: "one result, final and summary file each in the outboxes",
                passed: absent.isEmpty && errors.isEmpty,
                detail:
                    "\(inputs.count * 3 - absent.count) of \(inputs.count * 3); absent: \(absent.prefix(10)), error files: \(errors)"
            )
        )
        checks.append(
            Check(
                name: "no outbox file logged as published twice (all node logs)",
                passed: republished.isEmpty,
                detail: "\(publications.count) names published; twice or more: "
                    + (republished.isEmpty
                        ? "none" : republished.prefix(10).map { "\($0.key)×\($0.value)" }.joined(separator: ", "))
            )
        )
        var shortFinals: [String] = []
        for input in inputs {
            let path = run.configuration.dropPath(input.drop) + "/outbox/" + input.name + ".final.csv"
            // Line ends counted as bytes: a CRLF is one Character to Swift.
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            let lines = bytes.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            if lines - 1 != input.rows { shortFinals.append("\(input.name): \(lines - 1) rows") }
        }
        checks.append(
            Check(
                name: "each final file has a row per input row",
                passed: shortFinals.isEmpty,
                detail: shortFinals.isEmpty
                    ? "\(inputs.count) final files × \(rows / max(1, inputs.count)) rows" : "\(shortFinals.prefix(10))"
            )
        )

        // Messages: all there, all terminal, each with exactly one terminal event.
        let messages = Int(try rig.number("SELECT count(*) FROM message", in: database))
        let statuses = try rig.rows("SELECT status, count(*) FROM message GROUP BY 1 ORDER BY 1", in: database)
        let pending = Int(
            try rig.number("SELECT count(*) FROM message WHERE status IN \(Self.nonTerminal)", in: database)
        )
        checks.append(
            Check(
                name: "every message terminal",
                passed: messages == rows && pending == 0,
                detail: "\(messages) messages for \(rows) rows; "
                    + statuses.map { $0.joined(separator: "=") }.joined(separator: " ")
            )
        )
        let terminalEvents = """
            SELECT count(*) FILTER (WHERE coalesce(e.n, 0) = 0), count(*) FILTER (WHERE e.n > 1)
            FROM message m LEFT JOIN (
                SELECT message_id, count(*) AS n FROM event WHERE status NOT IN \(Self.nonTerminal) GROUP BY 1
            ) e ON e.message_id = m.id
            """
        let events = try rig.rows(terminalEvents, in: database).first ?? ["?", "?"]
        checks.append(
            Check(
                name: "each message has exactly one terminal event",
                passed: events == ["0", "0"],
                detail: "without one: \(events.first ?? "?"), with more than one: \(events.last ?? "?")"
            )
        )

        // The gateway: every message accepted, the resubmissions of each kill within maxInFlight.
        let stats = run.finalStats
        checks.append(
            Check(
                name: "the gateway accepted every message (unique ids)",
                passed: stats.unique == rows,
                detail:
                    "unique \(stats.unique) of \(rows), \(stats.messages) accepted in all, \(stats.duplicates) duplicates"
            )
        )
        let over = run.kills.filter { ($0.duplicates ?? 0) > maxInFlight }
        checks.append(
            Check(
                name: "at most maxInFlight (\(maxInFlight)) resubmissions per kill",
                passed: over.isEmpty,
                detail: "per kill: "
                    + run.kills.map { "\($0.duplicates.map(String.init) ?? "?")" }.joined(separator: " ")
            )
        )
        checks.append(
            Check(
                name: "stopped nodes leave no lease held",
                passed: run.leasesAfterStop.isEmpty,
                detail: run.leasesAfterStop.isEmpty ? "lease table has no live lease" : "\(run.leasesAfterStop)"
            )
        )
        if let failure = run.feedFailure {
            checks.append(Check(name: "dropping files", passed: false, detail: failure))
        }
        totals.append(
            "\(inputs.count) files, \(rows) rows, \(messages) messages; gateway: \(stats.requests) requests, "
                + "\(stats.messages) accepted, \(stats.unique) unique, \(stats.duplicates) duplicates, "
                + "\(stats.dlrsSent) DLRs posted (\(stats.dlrsFailed) in failed posts, retried); "
                + "relay: \(run.relayed.relayed) connections to a node, \(run.relayed.refused) with none up"
        )
    }

    func print() {
        for check in checks {
            Swift.print("   [\(check.passed ? "ok" : "FAILED")] \(check.name): \(check.detail)")
        }
        for line in totals { Swift.print("   " + line) }
    }

    var passed: Bool { checks.allSatisfy(\.passed) }
}
