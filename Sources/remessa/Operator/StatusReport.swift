import Foundation
import RemessaCore
import RemessaStore

/// What `remessa status` prints: one line per drop, configured or only known to the store.
struct StatusReport {
    let now: Date
    let since: Date
    let drops: [Drop]
    /// The cluster's nodes and leases on a PostgreSQL store; nil on SQLite (one node), whose output has no such part.
    let cluster: ClusterReport?

    /// One drop's figures.
    struct Drop {
        var name: String
        var configured: Bool
        var activity: DropActivity

        var queued: Int { count(.queued) }
        var scheduled: Int { count(.scheduled) }
        var submitted: Int { count(.submitted) }
        var terminal: Int { activity.statusCounts.reduce(0) { $0 + ($1.key.isTerminal ? $1.value : 0) } }
        var total: Int { activity.statusCounts.values.reduce(0, +) }

        private func count(_ status: MessageStatus) -> Int { activity.statusCounts[status] ?? 0 }
    }

    init(
        now: Date,
        since: Date,
        configuredDrops: [String],
        activity: [DropActivity],
        cluster: ClusterReport? = nil
    ) {
        self.now = now
        self.since = since
        self.cluster = cluster
        let known = Dictionary(activity.map { ($0.drop, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(configuredDrops).union(known.keys).sorted()
        self.drops = names.map { name in
            Drop(
                name: name,
                configured: configuredDrops.contains(name),
                activity: known[name] ?? DropActivity(drop: name)
            )
        }
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("generatedAt", .timestamp(now)),
            ("since", .timestamp(since)),
            ("drops", .array(drops.map(Self.json))),
            (
                "totals",
                .object([
                    ("files", Self.filesJSON(drops.map(\.activity))),
                    ("messages", Self.messagesJSON(drops)),
                ])
            ),
        ]
        if let cluster {
            members.append(("cluster", cluster.json))
        }
        return .object(members)
    }

    private static func json(_ drop: Drop) -> JSONValue {
        let lastFile: JSONValue =
            drop.activity.lastFile.map { file in
                .object([
                    ("id", .int(Int(file.id))),
                    ("name", .string(file.name)),
                    ("stage", .string(file.stage.rawValue)),
                    ("outcome", .optional(file.outcome?.rawValue)),
                    ("claimedAt", .timestamp(file.claimedAt)),
                ])
            } ?? .null
        return .object([
            ("drop", .string(drop.name)),
            ("configured", .bool(drop.configured)),
            ("files", filesJSON([drop.activity])),
            ("messages", messagesJSON([drop])),
            ("lastFile", lastFile),
        ])
    }

    private static func filesJSON(_ activity: [DropActivity]) -> JSONValue {
        .object([
            ("inProgress", .int(activity.reduce(0) { $0 + $1.filesInProgress })),
            ("accepted", .int(activity.reduce(0) { $0 + $1.filesAccepted })),
            ("rejected", .int(activity.reduce(0) { $0 + $1.filesRejected })),
        ])
    }

    private static func messagesJSON(_ drops: [Drop]) -> JSONValue {
        .object([
            ("queued", .int(drops.reduce(0) { $0 + $1.queued })),
            ("scheduled", .int(drops.reduce(0) { $0 + $1.scheduled })),
            ("submitted", .int(drops.reduce(0) { $0 + $1.submitted })),
            ("terminal", .int(drops.reduce(0) { $0 + $1.terminal })),
            ("total", .int(drops.reduce(0) { $0 + $1.total })),
        ])
    }

    func text(style: TerminalStyle) -> String {
        var lines = [
            style.paint("Remessa status at \(Timestamp.iso8601(now))", .bold)
                + "  (files since \(Timestamp.iso8601(since)))",
            "",
        ]
        guard !drops.isEmpty else {
            lines.append("No drops are configured and the store has seen none.")
            return (lines + clusterLines(style: style)).joined(separator: "\n") + "\n"
        }
        var table = TextTable([
            .init(title: "DROP"),
            .init(title: "IN PROGRESS", alignment: .right),
            .init(title: "ACCEPTED", alignment: .right),
            .init(title: "REJECTED", alignment: .right),
            .init(title: "QUEUED", alignment: .right),
            .init(title: "SUBMITTED", alignment: .right),
            .init(title: "DONE", alignment: .right),
            .init(title: "PROGRESS"),
            .init(title: "LAST FILE"),
        ])
        for drop in drops {
            let lastFile = drop.activity.lastFile.map { file in
                "#\(file.id) \(ControlCharacterEscaping.escaped(file.name))  \(file.operatorState)  \(Timestamp.iso8601(file.claimedAt))"
            }
            table.append(
                [
                    drop.name + (drop.configured ? "" : " (not configured)"),
                    String(drop.activity.filesInProgress),
                    String(drop.activity.filesAccepted),
                    String(drop.activity.filesRejected),
                    String(drop.queued + drop.scheduled),
                    String(drop.submitted),
                    String(drop.terminal),
                    drop.total == 0 ? "-" : ProgressGauge(done: drop.terminal, total: drop.total).text,
                    lastFile ?? "none yet",
                ],
                colours: drop.activity.filesRejected > 0 ? [3: .red] : [:]
            )
        }
        lines += table.lines(style: style)
        let totals = drops.map(\.activity)
        lines.append("")
        lines.append(
            "Today: \(totals.reduce(0) { $0 + $1.filesAccepted }) files accepted, "
                + "\(totals.reduce(0) { $0 + $1.filesRejected }) rejected, "
                + "\(totals.reduce(0) { $0 + $1.filesInProgress }) in progress. "
                + "Messages: \(drops.reduce(0) { $0 + $1.queued + $1.scheduled }) queued, "
                + "\(drops.reduce(0) { $0 + $1.submitted }) submitted, \(drops.reduce(0) { $0 + $1.terminal }) done."
        )
        return (lines + clusterLines(style: style)).joined(separator: "\n") + "\n"
    }

    /// A blank line and the cluster's part, or nothing on SQLite.
    private func clusterLines(style: TerminalStyle) -> [String] {
        cluster.map { [""] + $0.textLines(style: style) } ?? []
    }
}
