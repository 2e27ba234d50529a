import Foundation
import RemessaTesting
import Testing

/// A temporary directory with a configuration for `remessa drop`, local files to send, and a seed of drop folders
/// (`inbox` with two files, `processing`, `archive` with one, `outbox`; no `failed`).
final class DropFixture {
    let directory: String
    let configPath: String
    /// The seed tree, copied into an SFTP drop or used as a local drop.
    let seed: String
    /// The seeded `inbox/clientes.csv`.
    static let clientes = "DESTINATION;NOME\n5511987654321;Ana\n"
    /// 8 MiB of varied bytes in the seed's inbox.
    static let bigSize = 8 << 20
    /// 2025-06-02T14:03:22-03:00, the modification time the seeded `clientes.csv` is given.
    static let seededModification: time_t = 1_748_883_802

    init() throws {
        directory = try TemporaryDirectory.create(prefix: "drop")
        configPath = directory + "/remessad.yaml"
        seed = directory + "/seed"
        for folder in ["inbox", "processing", "archive", "outbox"] {
            try FileManager.default.createDirectory(atPath: seed + "/" + folder, withIntermediateDirectories: true)
        }
        try Data(Self.clientes.utf8).write(to: URL(fileURLWithPath: seed + "/inbox/clientes.csv"))
        try Self.varied(count: Self.bigSize).write(to: URL(fileURLWithPath: seed + "/inbox/big.bin"))
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: seed + "/archive/old.csv"))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Bytes that do not compress to nothing and differ at every offset modulo 251.
    static func varied(count: Int) -> Data {
        var data = Data(count: count)
        data.withUnsafeMutableBytes { buffer in
            for index in buffer.indices {
                buffer[index] = UInt8(truncatingIfNeeded: index % 251 &+ index >> 12)
            }
        }
        return data
    }

    /// Writes the configuration: a state directory and the given `drops:` entries (YAML, indented by two).
    func writeConfiguration(drops: [String]) throws {
        let text = "state:\n  path: \(directory)/state\ndrops:\n" + drops.joined()
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// An SFTP drop of `user` on `sandbox`, verified against `knownHosts` (the sandbox's own by default).
    static func sftpDrop(
        _ name: String,
        sandbox: SSHDSandbox,
        user: SSHDSandboxUser,
        knownHosts: String? = nil
    ) -> String {
        sandbox.dropYAML(name, user: user, knownHosts: knownHosts)
    }

    /// A local drop at `path`.
    static func localDrop(_ name: String, path: String) -> String {
        "  \(name):\n    transport: local\n    path: \(path)\n"
    }

    /// Writes `content` to a file in the fixture directory and returns its path.
    @discardableResult
    func file(_ name: String, _ content: Data) throws -> String {
        let path = directory + "/" + name
        try content.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Gives `path` the seeded modification time.
    static func setSeededModification(_ path: String) throws {
        var times = [
            timeval(tv_sec: seededModification, tv_usec: 0), timeval(tv_sec: seededModification, tv_usec: 0),
        ]
        #expect(utimes(path, &times) == 0)
    }

    /// Runs `remessa drop ARGUMENTS --config CONFIG` in São Paulo time.
    func drop(_ arguments: [String]) throws -> RemessaCLI.Run {
        try RemessaCLI.run(
            ["drop"] + arguments + ["--config", configPath],
            environment: ["TZ": "America/Sao_Paulo", "NO_COLOR": "1"]
        )
    }

    /// `sha256sum`'s answer, an oracle independent of the code under test.
    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    /// The names in a local directory, sorted.
    static func names(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}
