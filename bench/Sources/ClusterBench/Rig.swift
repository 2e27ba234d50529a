import Foundation
import Glibc
import RemessaTesting

/// What every scenario shares: the release binaries, the throwaway PostgreSQL 15 (a database per scenario) and a
/// work directory.
struct Rig {
    let remessad: String
    let gatewayExecutable: String
    let work: String
    let postgres: PostgresSandbox

    /// A fresh directory `<work>/<name>`.
    func directory(_ name: String) throws -> String {
        let path = work + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Creates the database `name`, owned by the sandbox's role (the nodes' login), and answers its name.
    func database(_ name: String) throws -> String {
        try postgres.psql("CREATE DATABASE \(name) OWNER \(postgres.user)", database: "postgres")
        return name
    }

    /// The rows `sql` answers in `database`, each as its columns (psql's unaligned output, superuser over the
    /// socket).
    func rows(_ sql: String, in database: String) throws -> [[String]] {
        try postgres.psql(sql, database: database).split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The one number `sql` answers (0 when none).
    func number(_ sql: String, in database: String) throws -> Double {
        try rows(sql, in: database).first?.first.flatMap(Double.init) ?? 0
    }

    /// Every lease that has not run out: `kind:key` → holder node.
    func leaseHolders(in database: String) throws -> [String: String] {
        var holders: [String: String] = [:]
        let sql = "SELECT kind || ':' || key, node FROM lease WHERE expires_at > now() ORDER BY 1"
        for row in try rows(sql, in: database) where row.count == 2 { holders[row[0]] = row[1] }
        return holders
    }

    /// Waits until `leases` are all held (by anyone), at most `timeout` seconds; answers the holders. The lease
    /// table may not exist yet (the first node migrates the schema).
    func waitForLeases(_ leases: Set<String>, in database: String, timeout: Double) throws -> [String: String] {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var holders = (try? leaseHolders(in: database)) ?? [:]
        while !leases.isSubset(of: Set(holders.keys)), ContinuousClock.now < deadline {
            usleep(200_000)
            holders = (try? leaseHolders(in: database)) ?? [:]
        }
        guard leases.isSubset(of: Set(holders.keys)) else {
            throw BenchError("leases \(leases.subtracting(holders.keys).sorted()) not taken in \(Int(timeout)) s")
        }
        return holders
    }
}

/// remessad's YAML for a cluster scenario: the shared state path, the database, routes and local drops.
struct ClusterConfiguration {
    struct Drop {
        var name: String
        var route: String
    }

    let root: String
    let rig: Rig
    let database: String
    /// Each route's YAML keys, already indented below the route's name.
    var routes: [(name: String, yaml: String)]
    var drops: [Drop]

    var state: String { root + "/state" }

    func dropPath(_ name: String) -> String { root + "/drops/" + name }

    /// Writes the YAML to `<root>/<file>` (with only the routes and drops `only` names, when given) and makes
    /// each drop's inbox; answers the path.
    @discardableResult
    func write(_ file: String = "remessad.yaml", only: Set<String>? = nil) throws -> String {
        var yaml = """
            state:
              path: \(state)
              postgres:
                url: postgres://\(rig.postgres.user)@\(rig.postgres.host):\(rig.postgres.port)/\(database)
                passwordFile: \(rig.postgres.passwordFile)
            http:
              listen: 127.0.0.1:1
            routes:

            """
        for route in routes where only?.contains(route.name) ?? true {
            yaml += "  \(route.name):\n" + route.yaml
        }
        yaml += "drops:\n"
        for drop in drops where only?.contains(drop.name) ?? true {
            try FileManager.default.createDirectory(
                atPath: dropPath(drop.name) + "/inbox",
                withIntermediateDirectories: true
            )
            yaml += """
                  \(drop.name):
                    transport: local
                    path: \(dropPath(drop.name))
                    pollInterval: 100ms
                    stableFor: 100ms
                    layout: base
                    route: \(drop.route)
                    dlrInterval: 1s
                    stateWindows: {}

                """
        }
        let path = root + "/" + file
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes `rows` contacts numbered from `first` as `inbox/<name>` of `drop`: made outside the inbox, its mtime
    /// a minute back, then renamed in, so the drop sees it whole and stable at once.
    func drop(rows: Int, first: Int, name: String, into drop: String) throws {
        var text = "telefone;mensagem\n"
        text.reserveCapacity(rows * 56 + 32)
        for index in first..<(first + rows) {
            let digits = String(index)
            text += "55119" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
            text += ";Olá, sua fatura \(index) está disponível no aplicativo\n"
        }
        let staging = root + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let temporary = staging + "/" + name
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -60)],
            ofItemAtPath: temporary
        )
        guard rename(temporary, dropPath(drop) + "/inbox/" + name) == 0 else {
            throw BenchError("cannot move \(name) into \(drop)'s inbox: errno \(errno)")
        }
    }

    /// The names in `drop`'s outbox.
    func outbox(_ drop: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dropPath(drop) + "/outbox")) ?? []).sorted()
    }
}
