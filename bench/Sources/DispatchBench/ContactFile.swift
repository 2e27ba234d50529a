import BenchSupport
import Foundation

/// A `base` layout file, `telefone;mensagem`, of distinct São Paulo mobiles (55 11 9XXXXXXXX).
enum ContactFile {
    /// Writes `rows` contacts numbered from `first` to `path`; the file's mtime is set a minute back so the drop
    /// sees it stable at once.
    static func write(rows: Int, first: Int, to path: String) throws {
        var text = "telefone;mensagem\n"
        text.reserveCapacity(rows * 56 + 32)
        for index in first..<(first + rows) {
            let digits = String(index)
            text += "55119" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
            text += ";Olá, sua fatura \(index) está disponível no aplicativo\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -60)],
            ofItemAtPath: path
        )
    }
}

/// remessad's YAML for one scenario: its state, its listener, its routes and one local drop per file.
struct DaemonConfiguration {
    struct Drop {
        var name: String
        var route: String
        var rows: Int
        /// How often the drop is polled: quick for the throughput figures, the default (5 s) for the idle one.
        var pollInterval = "100ms"
        var dlrInterval = "1s"
    }

    let root: String
    let listenPort: Int
    /// Each route's YAML keys, already indented below the route's name.
    var routes: [(name: String, yaml: String)]
    var drops: [Drop]
    /// `state.postgres` (`url`, `passwordFile`): the store in that database instead of `state/store.sqlite`.
    var postgres: (url: String, passwordFile: String)? = nil

    var state: String { root + "/state" }
    var path: String { root + "/remessad.yaml" }

    func dropPath(_ name: String) -> String { root + "/drops/" + name }

    /// Writes the YAML and each drop's contacts (numbered on from the previous drop's) into its inbox.
    func write() throws {
        let store = postgres.map { "\n  postgres: {url: \"\($0.url)\", passwordFile: \"\($0.passwordFile)\"}" } ?? ""
        var yaml = """
            state:
              path: \(state)\(store)
            http:
              listen: 127.0.0.1:\(listenPort)
            routes:

            """
        for route in routes {
            yaml += "  \(route.name):\n" + route.yaml
        }
        yaml += "drops:\n"
        var first = 0
        for drop in drops {
            let inbox = dropPath(drop.name) + "/inbox"
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            if drop.rows > 0 {
                try ContactFile.write(rows: drop.rows, first: first, to: inbox + "/contatos-\(drop.name).csv")
            }
            first += drop.rows
            yaml += """
                  \(drop.name):
                    transport: local
                    path: \(dropPath(drop.name))
                    pollInterval: \(drop.pollInterval)
                    stableFor: 100ms
                    layout: base
                    route: \(drop.route)
                    dlrInterval: \(drop.dlrInterval)
                    stateWindows: {}

                """
        }
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
