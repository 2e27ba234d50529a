import Foundation
import Logging
import RemessaConfig
import RemessaCore
import RemessaDaemon
import RemessaPostgres
import RemessaStore
import RemessaTesting

/// A temporary state directory and drop roots, a configuration over them, and the daemon's logs in memory.
struct DaemonFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let sampleDrops = repository + "/SampleDrops"

    let root: String
    var statePath: String { root + "/state" }
    let logs = LogCapture()

    init() throws {
        root = try TemporaryDirectory.create(prefix: "remessad")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    var logger: Logger {
        logs.logger(label: "remessad.test", level: .debug)
    }

    /// A local drop `name` rooted in the fixture, with the inbox created.
    func localDrop(_ name: String) throws -> String {
        let path = root + "/drops/" + name
        try FileManager.default.createDirectory(atPath: path + "/inbox", withIntermediateDirectories: true)
        return path
    }

    /// Copies every file of a SampleDrops inbox into `inbox`.
    func seed(_ sample: String, into dropPath: String) throws -> [String] {
        let source = Self.sampleDrops + "/" + sample + "/inbox"
        let names = try FileManager.default.contentsOfDirectory(atPath: source).sorted()
        for name in names {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dropPath + "/inbox/" + name)
        }
        return names
    }

    /// Writes `yaml` (after the state path) as the daemon's configuration. Without an `http:` section the
    /// listener gets a free loopback port: the default 8080 would collide between daemons started side by side.
    ///
    /// With `postgres`, the store is that database (`state.postgres`, contract §13) instead of SQLite.
    func configuration(_ yaml: String, postgres: PostgresSettings? = nil) throws -> RemessaConfiguration {
        let hasHTTP = yaml.hasPrefix("http:") || yaml.contains("\nhttp:")
        let listener = hasHTTP ? "" : "http:\n  listen: 127.0.0.1:\(try FreePort.find())\n"
        let cluster =
            postgres.map {
                """
                  postgres:
                    url: postgres://\($0.user)@\($0.host):\($0.port)/\($0.database)
                    passwordFile: \($0.passwordFile)

                """
            } ?? ""
        let text = "state:\n  path: \(statePath)\n" + cluster + listener + yaml
        try text.write(toFile: root + "/remessad.yaml", atomically: true, encoding: .utf8)
        return try RemessaConfiguration.parse(yaml: text, source: root + "/remessad.yaml", environment: [:])
    }

    func runUntilIdle(_ configuration: RemessaConfiguration) async throws -> Int32 {
        let daemon = Daemon(
            configurationPath: root + "/remessad.yaml",
            configuration: configuration,
            variables: [:],
            logger: logger
        )
        return try await daemon.runUntilIdle()
    }

    /// Runs `body` with the store `configuration` names, opened as an operator command opens it.
    func withStore<Result>(
        _ configuration: RemessaConfiguration,
        _ body: (any Store) async throws -> Result
    ) async throws -> Result {
        try await ConfiguredStore.with(configuration.state, access: .operator, environment: [:], logger: logger, body)
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// The data rows of an output CSV (header dropped), read as CSV: a quoted field may hold `;` or a line end
    /// (a final file's `text`).
    static func rows(_ path: String) throws -> [[String]] {
        var reader = CSVReader(delimiter: UInt8(ascii: ";"))
        var rows: [[String]] = []
        let collect = { (record: borrowing CSVRecord) in
            rows.append((0..<record.count).map { String(decoding: record.bytes($0), as: UTF8.self) })
        }
        try Array(text(path).utf8).withUnsafeBytes { try reader.feed($0, collect) }
        try reader.finish(collect)
        return Array(rows.dropFirst())
    }
}

/// Drop YAML for a local drop that polls fast.
func localDropYAML(_ name: String, path: String, extra: String = "") -> String {
    """
      \(name):
        transport: local
        path: \(path)
        pollInterval: 100ms
        stableFor: 100ms
    \(extra)

    """
}
