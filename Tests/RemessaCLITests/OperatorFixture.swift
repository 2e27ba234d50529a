import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting

/// A daemon-made store in a temporary directory, a configuration pointing at it, and the built `remessa`
/// binary to run the operator commands against them.
final class OperatorFixture {
    let directory: String
    let store: any Store
    let configPath: String

    /// A store with the daemon's access and a configuration with one `loja` local drop.
    init() throws {
        directory = try TemporaryDirectory.create(prefix: "operator")
        try FileManager.default.createDirectory(atPath: directory + "/drops/loja", withIntermediateDirectories: true)
        store = try SQLiteStore(directory: directory + "/state", access: .daemon)
        configPath = directory + "/remessad.yaml"
        try Self.configuration(statePath: directory + "/state", dropPath: directory + "/drops/loja")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func configuration(statePath: String, dropPath: String) -> String {
        """
        state:
          path: \(statePath)
        drops:
          loja:
            transport: local
            path: \(dropPath)
        """
    }

    /// A file of `drop` accepted with `messages` messages (ids in line order), its original archived.
    func acceptedFile(
        _ name: String,
        drop: String = "loja",
        messages: Int,
        rejected: Int = 0,
        settings: BatchSettings = BatchSettings(),
        at date: Date = Date()
    ) async throws -> (file: Int64, messages: [Int64]) {
        let (id, ids) = try await StoreFixture.acceptedBatch(
            name,
            drop: drop,
            count: messages,
            rejected: rejected,
            settings: settings,
            in: store,
            at: date,
            draft: { Self.draft(line: $0 + 2) }
        )
        try await store.recordMoveIntent(of: id, to: "archive/\(name)")
        try await store.setStage(.done, of: id, at: date)
        return (id, ids)
    }

    /// A file of `drop` rejected as a whole.
    func rejectedFile(_ name: String, drop: String = "loja") async throws -> Int64 {
        let id = try await store.recordClaimIntent(
            drop: drop,
            name: name,
            processingName: name,
            remoteSize: 10,
            remoteModification: 1
        )
        try await store.recordDownload(of: id, size: 10, sha256: "sha-\(name)")
        try await store.recordRejection(
            of: id,
            summary: IngestSummary(layout: nil, encoding: "UTF-8", rows: 3, accepted: 0, rejected: 3, segments: 0),
            errorCode: "UNKNOWN_LAYOUT",
            errorMessage: "no destination column"
        )
        try await store.setStage(.done, of: id)
        return id
    }

    /// Destinations are `55119876543NN`, NN the line, so a test can look for them in the output.
    static func destination(line: Int) -> String {
        "55119876543" + (line < 10 ? "0\(line)" : String(line))
    }

    static func draft(line: Int) -> MessageDraft {
        MessageDraft(
            line: line,
            destination: destination(line: line),
            correlationID: "c\(line)",
            priority: .media,
            text: "Olá \(line)",
            encoding: .ucs2,
            segments: 1
        )
    }

    /// Runs `remessa` with `--config` of this fixture appended.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RemessaCLI.Run {
        try RemessaCLI.run(arguments + ["--config", configPath], environment: environment)
    }
}

extension [String: Any] {
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func double(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}
