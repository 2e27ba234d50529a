import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store: v4-replies migrates the one opt-out list")
struct OptOutListsMigrationTests {
    static let ana = "5511987654321"
    static let bia = "5521987654322"

    @Test("A store written by the old schema keeps every entry and its history, on the global list")
    func oldListBecomesGlobal() async throws {
        let directory = try TemporaryDirectory(prefix: "store")
        defer { directory.remove() }
        let old = try DatabasePool(path: directory.path + "/store.sqlite")
        try StoreSchema.migrator.migrate(old, upTo: "v3-campaigns")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO suppression VALUES ('\(Self.ana)', 1000, 'maria', 'SAC');
                    INSERT INTO suppression_log (destination, action, at, actor, reason) VALUES
                        ('\(Self.ana)', 'add', 1000, 'maria', 'SAC'),
                        ('\(Self.bia)', 'add', 1100, 'mo:gw', 'replied "SAIR"'),
                        ('\(Self.bia)', 'remove', 1200, 'joao', 'engano');
                    """
            )
        }
        try old.close()

        let store = try SQLiteStore(directory: directory.path, access: .daemon)
        let entry = try #require(try await store.suppression(Self.ana))
        #expect(
            entry
                == SuppressionEntry(
                    destination: Self.ana,
                    addedAt: Date(storeSeconds: 1000),
                    addedBy: "maria",
                    reason: "SAC"
                )
        )
        #expect(try await store.suppressionCount() == 1)
        #expect(try await store.suppressionLists() == [OptOutListName.global: [Self.ana]])
        let history = try await store.suppressionHistory(Self.bia)
        #expect(history.map(\.action) == [.added, .removed])
        #expect(history.map(\.actor) == ["mo:gw", "joao"])
        #expect(history.allSatisfy { $0.list == OptOutListName.global && $0.source == .operator })
        #expect(try await store.suppressionVersion() == 3)
        // A drop subscribed to global (the default) still finds the number; a drop's own list starts empty.
        #expect(try await store.suppressedDestinations(lists: ["drop:acme", "global"]) == [Self.ana])
        #expect(try await store.suppressedDestinations(lists: ["drop:acme"]).isEmpty)
        // The log's sequence goes on from where it was.
        try await store.addSuppression([Self.bia], list: "drop:acme", actor: "x", reason: "")
        #expect(try await store.suppressionVersion() == 4)
    }
}
