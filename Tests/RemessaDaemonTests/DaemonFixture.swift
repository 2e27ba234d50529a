import Foundation
import Logging
import RemessaConfig
import RemessaDaemon
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

    func configuration(_ yaml: String) throws -> RemessaConfiguration {
        let text = "state:\n  path: \(statePath)\n" + yaml
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

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Rows of a `;` CSV without its header: quoted cells may hold `;`, `""` and line breaks (a final file's
    /// `text` column can).
    static func rows(_ path: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var characters = try text(path).makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        cell.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" && cell.isEmpty {
                quoted = true
            } else if character == ";" {
                row.append(cell)
                cell = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            } else {
                cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
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
