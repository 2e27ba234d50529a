import Logging
import RemessaCore
import RemessaPostgres
import RemessaStore

/// The cluster part of `remessa status` on a PostgreSQL store (contract section 13): each node and each lease,
/// their ages on the database's clock.
struct ClusterReport {
    let nodes: [ClusterNode]
    let leases: [LeaseHolder]

    /// The cluster's nodes and leases when `store` is a cluster's PostgreSQL store; nil for SQLite (one node).
    static func read(from store: any Store) async throws -> ClusterReport? {
        guard let postgres = store as? PostgresStore else { return nil }
        // Reading needs no node name: only acquiring and renewing use it.
        let leases = Leases(
            client: postgres.client,
            node: "remessa-status",
            logger: Logger(label: "remessa.cli") { _ in SwiftLogNoOpLogHandler() }
        )
        return ClusterReport(nodes: try await leases.nodes(), leases: try await leases.holders())
    }

    var json: JSONValue {
        .object([
            ("nodes", .array(nodes.map(Self.json))),
            ("leases", .array(leases.map(Self.json))),
        ])
    }

    private static func json(_ node: ClusterNode) -> JSONValue {
        .object([
            ("name", .string(node.name)),
            ("upForSeconds", .double(seconds(node.upFor))),
            ("lastSeenSecondsAgo", .double(seconds(node.seenAgo))),
        ])
    }

    private static func json(_ lease: LeaseHolder) -> JSONValue {
        .object([
            ("kind", .string(lease.lease.kind)),
            ("key", .string(lease.lease.key)),
            ("node", .string(lease.node)),
            ("token", .int(Int(lease.token))),
            ("heldForSeconds", .double(seconds(lease.heldFor))),
            ("renewedSecondsAgo", .double(seconds(lease.renewedAgo))),
            ("expiresInSeconds", .double(seconds(lease.expiresIn))),
            ("expired", .bool(!lease.isValid)),
        ])
    }

    /// The lines under the drops' table.
    func textLines(style: TerminalStyle) -> [String] {
        var lines = [style.paint("Cluster (PostgreSQL)", .bold) + ": \(Self.count(nodes.count, "node"))"]
        guard !nodes.isEmpty || !leases.isEmpty else {
            return lines + ["No node has started on this database yet."]
        }
        var nodeTable = TextTable([
            .init(title: "NODE"),
            .init(title: "UP FOR", alignment: .right),
            .init(title: "LAST SEEN", alignment: .right),
            .init(title: "HOLDS"),
        ])
        for node in nodes {
            let held = leases.filter { $0.node == node.name && $0.isValid }
                .map { ControlCharacterEscaping.escaped($0.lease.description) }
            nodeTable.append([
                ControlCharacterEscaping.escaped(node.name), Self.age(node.upFor), Self.age(node.seenAgo) + " ago",
                held.isEmpty ? "-" : held.joined(separator: " "),
            ])
        }
        lines += nodeTable.lines(style: style)
        guard !leases.isEmpty else {
            return lines + ["", "No lease is held."]
        }
        var leaseTable = TextTable([
            .init(title: "LEASE"),
            .init(title: "HOLDER"),
            .init(title: "TOKEN", alignment: .right),
            .init(title: "HELD FOR", alignment: .right),
            .init(title: "RENEWED", alignment: .right),
            .init(title: "EXPIRES"),
        ])
        for lease in leases {
            leaseTable.append(
                [
                    ControlCharacterEscaping.escaped(lease.lease.description),
                    ControlCharacterEscaping.escaped(lease.node), String(lease.token),
                    Self.age(lease.heldFor), Self.age(lease.renewedAgo) + " ago",
                    lease.isValid
                        ? "in " + Self.age(lease.expiresIn) : "EXPIRED " + Self.age(.zero - lease.expiresIn) + " ago",
                ],
                colours: lease.isValid ? [:] : [5: .red]
            )
        }
        return lines + [""] + leaseTable.lines(style: style)
    }

    /// `n things`, or `1 thing`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }

    /// A duration as a person reads it: `4s`, `3m 12s`, `2h 05m`, `3d 4h`.
    static func age(_ duration: Duration) -> String {
        let total = max(0, Int(seconds(duration).rounded(.down)))
        let (days, hours, minutes, seconds) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h " + (minutes < 10 ? "0" : "") + "\(minutes)m" }
        if minutes > 0 { return "\(minutes)m " + (seconds < 10 ? "0" : "") + "\(seconds)s" }
        return "\(seconds)s"
    }
}
