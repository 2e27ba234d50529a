import Foundation
import Logging
import RemessaPostgres
import RemessaStore
import RemessaTesting

/// A SQLite store filled with one of everything (no daemon holds it), and two configurations over the same state
/// path and drops: `sqlite.yaml` (the store is SQLite) and `cluster.yaml` (`state.postgres` names a database).
final class ClusterFixture {
    enum Configuration: String {
        case sqlite, cluster
    }

    let directory: String
    let statePath: String
    let content: StoreFixture.Content
    let postgres: PostgresSettings
    static let logger = Logger(label: "remessa.tests.cluster") { _ in SwiftLogNoOpLogHandler() }

    /// Made two hours ago, so no message falls in a batch's rate window while a test compares two runs.
    init(postgres: PostgresSettings, fill: Bool = true) async throws {
        directory = try TemporaryDirectory.create(prefix: "cluster")
        statePath = directory + "/state"
        self.postgres = postgres
        for drop in ["acme", "beta"] {
            try FileManager.default.createDirectory(
                atPath: directory + "/drops/" + drop,
                withIntermediateDirectories: true
            )
        }
        // The store is closed (its lock released) when this scope ends: the commands find it idle.
        do {
            let store = try SQLiteStore(directory: statePath, access: .daemon)
            content =
                fill
                ? try await StoreFixture.fillWithEverything(store, at: Date().addingTimeInterval(-7200))
                : StoreFixture.Content()
        }
        let drops = """
            drops:
              acme:
                transport: local
                path: \(directory)/drops/acme
              beta:
                transport: local
                path: \(directory)/drops/beta
            """
        try "state:\n  path: \(statePath)\n\(drops)\n"
            .write(toFile: path(.sqlite), atomically: true, encoding: .utf8)
        let cluster = """
            state:
              path: \(statePath)
              postgres:
                url: postgres://\(postgres.user)@\(postgres.host):\(postgres.port)/\(postgres.database)
                passwordFile: \(postgres.passwordFile)
            \(drops)

            """
        try cluster.write(toFile: path(.cluster), atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ configuration: Configuration) -> String {
        directory + "/\(configuration.rawValue).yaml"
    }

    /// Runs `remessa` with `--config` of `configuration` appended.
    func run(_ arguments: [String], _ configuration: Configuration) throws -> RemessaCLI.Run {
        try RemessaCLI.run(arguments + ["--config", path(configuration)], environment: ["TZ": "UTC"])
    }

    /// Runs `body` with the leases of `node` on the cluster's database.
    func withLeases<Result>(node: String, _ body: (Leases) async throws -> Result) async throws -> Result {
        try await postgres.withClient(logger: Self.logger) { client in
            try await body(Leases(client: client, node: node, logger: Self.logger))
        }
    }
}
