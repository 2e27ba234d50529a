import Foundation
import RemessaConfig
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization

/// A local drop with a `bases/` folder, a fast simulator route that allows two senders, and helpers to read what
/// the daemon answered (contract §10).
struct CampaignFixture {
    let fixture: DaemonFixture
    let drop: String

    init() throws {
        fixture = try DaemonFixture()
        drop = try fixture.localDrop("acme")
        try FileManager.default.createDirectory(atPath: drop + "/bases", withIntermediateDirectories: true)
    }

    func remove() { fixture.remove() }

    /// Two rows: a Ceará number would wait for its legal hours, so both are from São Paulo and Rio.
    static let base = "telefone;nome;loja\n11987654321;Ana Souza;Centro\n21987654321;Bia;\n"

    func yaml(extra: String = "", routeExtra: String = "") -> String {
        """
        routes:
          sim:
            provider: simulator
            rate: 100000
            sender: LOJA
            senders: [LOJA, NATAL]
            simulator: {submitLatency: 0ms, dlrDelay: 50ms}
        \(routeExtra)
        drops:

        """
            + localDropYAML(
                "acme",
                path: drop,
                extra: "    template: \"Oi @PrimeiroNome\"\n" + extra
            )
    }

    func write(_ text: String, to relative: String) throws {
        try text.write(toFile: drop + "/" + relative, atomically: true, encoding: .utf8)
    }

    func run(extra: String = "", routeExtra: String = "") async throws -> Int32 {
        try await fixture.runUntilIdle(try fixture.configuration(yaml(extra: extra, routeExtra: routeExtra)))
    }

    func files(_ folder: String) -> [String] { DaemonFixture.files(in: drop + "/" + folder) }

    func text(_ relative: String) throws -> String { try DaemonFixture.text(drop + "/" + relative) }

    func rows(_ relative: String) throws -> [[String]] { try DaemonFixture.rows(drop + "/" + relative) }

    /// The first error code of `outbox/<name>.error.csv` and its sentence.
    func error(_ name: String) throws -> (code: String, field: String, message: String)? {
        guard let row = try rows("outbox/" + name + ".error.csv").first, row.count >= 4 else { return nil }
        return (row[0], row[2], row[3...].joined(separator: ";"))
    }

    /// `outbox/<name>.saved.json` as a dictionary.
    func saved(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: drop + "/outbox/" + name + ".saved.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func store() throws -> any Store { try SQLiteStore(directory: fixture.statePath, access: .operator) }

    /// The batch of the file named `name`.
    func batch(of name: String) async throws -> BatchRecord? {
        let store = try store()
        guard let file = try await store.recentFiles(limit: 100).first(where: { $0.name == name }) else { return nil }
        return try await store.batch(file.id)
    }

    func messages(of batch: BatchRecord) async throws -> [MessageRecord] {
        let found = Mutex<[MessageRecord]>([])
        try await store().forEachMessage(batchID: batch.id) { message in found.withLock { $0.append(message) } }
        return found.withLock { $0 }.sorted { $0.line < $1.line }
    }
}
