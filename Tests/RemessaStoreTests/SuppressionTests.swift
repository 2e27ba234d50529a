import Foundation
import GRDB
import Logging
import PostgresNIO
import RemessaCore
import RemessaPostgres
import RemessaTesting
import Testing

@testable import RemessaStore

@Suite("Store: suppression list")
struct SuppressionTests {
    static let ana = "5511987654321"
    static let bia = "5521987654322"
    static let cid = "5531987654323"

    @Test(
        "Adding logs only real changes; entries keep who, when and why of their first addition",
        arguments: StoreKind.allCases
    )
    func add(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let monday = Date(timeIntervalSince1970: 1_790_000_000)
            let added = try await store.addSuppression(
                [Self.ana, Self.bia, Self.ana],
                actor: "maria",
                reason: "pediu por SAC",
                at: monday
            )
            #expect(added == 2)
            let again = try await store.addSuppression([Self.ana, Self.cid], actor: "joao", reason: "PROCON")
            #expect(again == 1)

            #expect(try await store.suppressionCount() == 3)
            let ana = try #require(try await store.suppression(Self.ana))
            #expect(
                ana
                    == SuppressionEntry(
                        destination: Self.ana,
                        addedAt: monday,
                        addedBy: "maria",
                        reason: "pediu por SAC"
                    )
            )
            #expect(try await store.suppression(Self.cid) != nil)
            #expect(try await store.suppression("5511900000000") == nil)
            #expect(try await store.suppressedDestinations(lists: ["global"]) == [Self.ana, Self.bia, Self.cid])
            // Three additions, one log row each: the repeat and the second add of Ana changed nothing.
            #expect(try await store.suppressionVersion() == 3)
            #expect(try await store.suppressionHistory(Self.ana).map(\.actor) == ["maria"])
        }
    }

    @Test(
        "Removing logs who and why; the history outlives the entry and the version moves",
        arguments: StoreKind.allCases
    )
    func remove(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            #expect(try await store.suppressionVersion() == 0)
            try await store.addSuppression([Self.ana, Self.bia], actor: "maria", reason: "SAC")
            let before = try await store.suppressionVersion()
            let later = Date(timeIntervalSince1970: 1_790_100_000)
            let removed = try await store.removeSuppression(
                [Self.ana, Self.cid],
                actor: "joao",
                reason: "cliente voltou a aceitar",
                at: later
            )
            #expect(removed == 1)
            #expect(try await store.suppressionVersion() == before + 1)
            #expect(try await store.suppression(Self.ana) == nil)
            #expect(try await store.suppressedDestinations(lists: ["global"]) == [Self.bia])
            // Nothing on the list to remove: nothing changes, nothing is logged.
            #expect(try await store.removeSuppression([Self.cid], actor: "joao", reason: "x") == 0)
            #expect(try await store.suppressionVersion() == before + 1)

            let history = try await store.suppressionHistory(Self.ana)
            #expect(history.map(\.action) == [.added, .removed])
            #expect(history.map(\.actor) == ["maria", "joao"])
            #expect(history.last?.reason == "cliente voltou a aceitar")
            #expect(history.last?.at == later)
            #expect(history[0].sequence < history[1].sequence)
            #expect(try await store.suppressionHistory(Self.cid).isEmpty)

            // Added again: a new entry, the history goes on.
            #expect(try await store.addSuppression([Self.ana], actor: "ana", reason: "de novo") == 1)
            #expect(try await store.suppressionHistory(Self.ana).map(\.action) == [.added, .removed, .added])
        }
    }

    @Test(
        "A page of the list in destination order, searched by digits anywhere in the number",
        arguments: StoreKind.allCases
    )
    func list(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            try await store.addSuppression([Self.cid, Self.ana, Self.bia], actor: "maria", reason: "SAC")
            #expect(try await store.suppressions(limit: 10).map(\.destination) == [Self.ana, Self.bia, Self.cid])
            #expect(try await store.suppressions(limit: 1, offset: 1).map(\.destination) == [Self.bia])
            #expect(try await store.suppressions(matching: "654322", limit: 10).map(\.destination) == [Self.bia])
            #expect(try await store.suppressions(matching: "987", limit: 10).count == 3)
            #expect(try await store.suppressions(matching: "", limit: 10).count == 3)
            #expect(try await store.suppressionCount(matching: "5521") == 1)
            #expect(try await store.suppressionCount(matching: "%") == 0)
        }
    }

    @Test("An operator's store (the daemon running) adds and removes too")
    func operatorAccess() async throws {
        try await StoreTests.withStore { _, directory in
            let operatorStore = try SQLiteStore(directory: directory, access: .operator)
            #expect(try await operatorStore.addSuppression([Self.ana], actor: "maria", reason: "SAC") == 1)
            #expect(try await operatorStore.removeSuppression([Self.ana], actor: "maria", reason: "engano") == 1)
            #expect(try await operatorStore.suppressionVersion() == 2)
        }
    }

    @Test("100,000 numbers go in as one transaction, quickly, and load back as one set", arguments: StoreKind.allCases)
    func bulkImport(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let numbers = (0..<100_000).map { "55119" + String(10_000_000 + $0 * 7) }
            let clock = ContinuousClock()
            var added = 0
            let elapsed = try await clock.measure {
                added = try await store.addSuppression(numbers, actor: "import", reason: "lista do PROCON")
            }
            #expect(added == 100_000)
            // One transaction takes about a second; a row-at-a-time commit would take minutes. The bound leaves a
            // loaded test machine (the whole suite runs side by side on 2 cores) room without losing that meaning.
            #expect(elapsed < .seconds(60), "\(elapsed)")
            #expect(try await store.suppressionCount() == 100_000)
            // One transaction: every log row carries the same instant, in one run of sequences.
            #expect(try await store.suppressionVersion() == 100_000)
            var loaded: Set<String> = []
            let loading = try await clock.measure { loaded = try await store.suppressedDestinations(lists: ["global"]) }
            #expect(loaded.count == 100_000)
            #expect(loaded.contains(numbers[54_321]))
            // SQLite reads the set in well under a second. PostgreSQL's rows cross a socket and are decoded by a debug
            // build of postgres-nio: a full run on 2 cores took 5.5 s, so its bound is its own (the figure is printed).
            #expect(loading < (kind == .sqlite ? .seconds(5) : .seconds(20)), "\(loading)")
            print("suppression import of 100,000: \(elapsed), load: \(loading)")

            // Importing the same list again adds and logs nothing.
            #expect(try await store.addSuppression(numbers, actor: "import", reason: "de novo") == 0)
            #expect(try await store.suppressionVersion() == 100_000)
        }
    }

    @Test("A change that fails half-way leaves neither its entries nor their log rows")
    func atomic() async throws {
        try await StoreTests.withStore { store, _ in
            try await store.addSuppression([Self.ana], actor: "maria", reason: "SAC")
            // A trigger makes the log insert of one destination fail after others went in.
            try await store.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO suppression VALUES ('global', '999', 0, 'seed', 'seed');
                        CREATE TEMP TRIGGER refuse BEFORE INSERT ON suppression_log WHEN NEW.destination IN ('888', '999')
                        BEGIN SELECT RAISE(ABORT, 'refused'); END
                        """
                )
            }
            await #expect(throws: (any Error).self) {
                try await store.addSuppression([Self.bia, Self.cid, "888"], actor: "x", reason: "y")
            }
            await #expect(throws: (any Error).self) {
                try await store.removeSuppression([Self.ana, "999"], actor: "x", reason: "y")
            }
            #expect(try await store.suppressedDestinations(lists: ["global"]) == [Self.ana, "999"])
            #expect(try await store.suppressionVersion() == 1)
            #expect(try await store.suppressionHistory(Self.bia).isEmpty)
        }
    }

    @Test("On PostgreSQL too, a change that fails half-way leaves neither its entries nor their log rows")
    func atomicOnPostgres() async throws {
        try await StoreKind.postgres.withStore { store in
            let postgres = try #require(store as? PostgresStore)
            try await store.addSuppression([Self.ana], actor: "maria", reason: "SAC")
            // A trigger makes the log insert of one destination fail after others went in.
            let statements: [PostgresQuery] = [
                "INSERT INTO suppression VALUES ('global', '999', 0, 'seed', 'seed')",
                """
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.destination IN ('888', '999') THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$
                """,
                "CREATE TRIGGER refuse BEFORE INSERT ON suppression_log FOR EACH ROW EXECUTE FUNCTION refuse()",
            ]
            let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
            for statement in statements {
                for try await _ in try await postgres.client.query(statement, logger: logger) {}
            }
            await #expect(throws: (any Error).self) {
                try await store.addSuppression([Self.bia, Self.cid, "888"], actor: "x", reason: "y")
            }
            await #expect(throws: (any Error).self) {
                try await store.removeSuppression([Self.ana, "999"], actor: "x", reason: "y")
            }
            #expect(try await store.suppressedDestinations(lists: ["global"]) == [Self.ana, "999"])
            #expect(try await store.suppressionVersion() == 1)
            #expect(try await store.suppressionHistory(Self.bia).isEmpty)
        }
    }
}
