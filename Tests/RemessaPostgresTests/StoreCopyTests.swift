import Foundation
import GRDB
import Logging
import PostgresNIO
import RemessaCore
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

@Suite("store copy: a SQLite store into an empty PostgreSQL database", .timeLimit(.minutes(4)))
struct StoreCopyTests {
    static let logger = PostgresTestKit.logger

    /// Runs `body` with a SQLite store holding one of everything (in a temporary directory), its content, and the
    /// time it was made at.
    static func withFilledSQLite(
        _ body: (SQLiteStore, StoreFixture.Content, Date) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "copy")
        defer { directory.remove() }
        let store = try SQLiteStore(directory: directory.path, access: .daemon)
        let now = Date()
        let content = try await StoreFixture.fillWithEverything(store, at: now)
        try await body(store, content, now)
    }

    @Test("Every table is copied with its ids; the PostgreSQL store answers exactly as the SQLite one; new ids follow")
    func copiesEverything() async throws {
        try await Self.withFilledSQLite { sqlite, content, now in
            try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: Self.logger) { client in
                    let report = try await StoreCopy(client: client, logger: Self.logger).run(from: sqlite)
                    let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.name, $0.rows) })
                    #expect(rows["message"] == 3000 + 20 + 15 + 10)
                    #expect(rows["file"] == content.files.count)
                    #expect(rows["lease"] == nil && rows["node"] == nil)
                    #expect(report.stagedMessages == 0)
                    let order = report.tables.map(\.name)
                    // Parents before the tables whose foreign keys name them (`message.batch_id` has none on
                    // PostgreSQL since v7-message-batch-key).
                    #expect(
                        order.firstIndex(of: "file")! < order.firstIndex(of: "batch")!
                            && order.firstIndex(of: "message")! < order.firstIndex(of: "event")!,
                        "parents first: \(order)"
                    )
                    print("store copy of the test store: \(report.rows) rows in \(report.duration)")

                    try await Self.expectSameRows(sqlite, client)
                    let postgres = try await PostgresStore.open(client: client, access: .operator, logger: Self.logger)
                    let expected = try await StoreContents.read(sqlite, content, at: now)
                    let copied = try await StoreContents.read(postgres, content, at: now)
                    // The content is all there to compare: not a vacuous equality.
                    #expect(expected.messages.values.map(\.count).sorted() == [10, 15, 20, 3000])
                    #expect(expected.replies.count == 2 && expected.notices.count >= 3)
                    #expect(expected.bases["acme"]?.count == 1 && expected.scheduledLater.values.first == 15)
                    #expect(expected.lists.values.joined().count == 6 && expected.histories.values.joined().count == 8)
                    #expect(copied.files == expected.files)
                    #expect(copied.batches == expected.batches)
                    #expect(copied.messages == expected.messages)
                    #expect(copied.events == expected.events)
                    #expect(copied.replies == expected.replies)
                    #expect(copied.histories == expected.histories)
                    #expect(copied == expected)
                    let texts = expected.messages.values.joined().map(\.text)
                    #expect(texts.contains("Olá\t7\\n\nfim\r ✓ ção"))

                    try await Self.expectNewIDsFollow(postgres, copied: expected, content: content)
                }
            }
        }
    }

    /// New rows in the copied store take ids above every copied one: files, messages, events, replies and the
    /// suppression log.
    static func expectNewIDsFollow(
        _ store: PostgresStore,
        copied: StoreContents,
        content: StoreFixture.Content
    )
        async throws
    {
        let lastMessage = copied.messages.values.joined().map(\.id).max() ?? 0
        let lastEvent = copied.events.values.joined().map(\.sequence).max() ?? 0
        let fresh = try await StoreFixture.acceptedBatch("novo.csv", count: 5, in: store)
        #expect(fresh.file > content.files.max() ?? 0)
        #expect(fresh.messages.min() ?? 0 > lastMessage)
        #expect(try await store.updateStatus(messageID: fresh.messages[0], to: .submitted))
        #expect(try await store.lastEventSequence(batchID: fresh.file) > lastEvent)
        let reply = try await store.recordReply(
            route: "sim",
            from: "5521999990001",
            text: "oi",
            at: Date(),
            attribution: nil,
            optOut: false
        )
        #expect(reply.sequence > copied.replies.map(\.sequence).max() ?? 0)
        try await store.addSuppression(["5521999990002"], actor: "ana", reason: "teste")
        #expect(try await store.suppressionVersion() > copied.suppressionVersion)
    }

    /// Each table both stores have holds the same rows in both, cell for cell (ids, times to the last bit,
    /// texts byte for byte, SQLite's 0/1 as PostgreSQL's booleans).
    static func expectSameRows(_ sqlite: SQLiteStore, _ client: PostgresClient) async throws {
        let tables = try sqlite.tableColumns().sorted { $0.key < $1.key }
        var sqliteRows: [String: [String]] = [:]
        var current: [String] = []
        _ = try sqlite.export(tables.map { ($0.key, $0.value) }) { cells in
            current.append(cells.map(Self.text).joined(separator: "|"))
        } tableEnd: { table in
            sqliteRows[table] = current.sorted()
            current = []
        }
        for (table, columns) in tables {
            let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT \(names) FROM \(table)"), logger: logger)
            var copied: [String] = []
            for try await row in rows {
                copied.append(try row.makeRandomAccess().map(Self.text).joined(separator: "|"))
            }
            // Staged messages (none here) are the only rows the copy leaves out.
            #expect(copied.sorted() == sqliteRows[table], "\(table)")
        }
    }

    private static func text(_ cell: StoreCell) -> String {
        switch cell {
        case .null: "NULL"
        case .integer(let value): "\(value)"
        case .real(let value): "\(value.bitPattern)"
        case .text(let value): "'\(value)'"
        case .blob(let bytes): "\(bytes)"
        }
    }

    private static func text(_ cell: PostgresCell) throws -> String {
        guard cell.bytes != nil else { return "NULL" }
        switch cell.dataType {
        case .int8, .int4, .int2: return "\(try cell.decode(Int64.self))"
        case .float8: return "\(try cell.decode(Double.self).bitPattern)"
        case .bool: return try cell.decode(Bool.self) ? "1" : "0"
        default: return "'\(try cell.decode(String.self))'"
        }
    }

    @Test("A database that already holds a store, or on which a node runs, is refused, and nothing changes")
    func refusesNonEmpty() async throws {
        try await Self.withFilledSQLite { sqlite, _, _ in
            try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: Self.logger) { client in
                    let copy = StoreCopy(client: client, logger: Self.logger)
                    let first = try await copy.run(from: sqlite)
                    let error = await #expect(throws: StoreCopyError.self) { try await copy.run(from: sqlite) }
                    #expect(error?.code == .notEmpty)
                    #expect(
                        error?.description.contains("(rows in file, batch, message and 8 more tables)") == true,
                        "\(String(describing: error))"
                    )
                    let files = try await PostgresTestKit.strings(client, "SELECT count(*)::text FROM file")
                    #expect(files == [String(first.tables.first { $0.name == "file" }?.rows ?? -1)])
                }
            }
            try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: Self.logger) { client in
                    try await PostgresSchema.migrate(client, logger: Self.logger)
                    let node = Leases(client: client, node: "node-a", logger: Self.logger)
                    try await node.registerNode()
                    _ = try await node.acquire(.drop("acme"), ttl: .seconds(60))
                    let error = await #expect(throws: StoreCopyError.self) {
                        try await StoreCopy(client: client, logger: Self.logger).run(from: sqlite)
                    }
                    #expect(error?.code == .clusterRunning)
                    #expect(error?.description.contains("node-a holds drop acme") == true)
                    #expect(try await PostgresTestKit.strings(client, "SELECT count(*)::text FROM file") == ["0"])
                }
            }
        }
    }

    @Test("A row PostgreSQL refuses midway rolls the whole copy back: the database stays empty")
    func allOrNothing() async throws {
        try await Self.withFilledSQLite { sqlite, _, _ in
            // Text in an integer column of the last message: SQLite keeps it, PostgreSQL's bigint cannot, after
            // the tables before it went in.
            let queue = try DatabaseQueue(path: sqlite.path)
            try await queue.write { db in
                try db.execute(sql: "UPDATE message SET attempts = 'x' WHERE id = (SELECT max(id) FROM message)")
            }
            try queue.close()
            try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: Self.logger) { client in
                    let error = await #expect(throws: (any Error).self) {
                        try await StoreCopy(client: client, logger: Self.logger).run(from: sqlite)
                    }
                    let described = error.map(StoreCopyError.describing) ?? ""
                    #expect(described.contains("invalid input syntax for type bigint"), "\(described)")
                    for table in ["file", "batch", "message", "event"] {
                        let count = try await PostgresTestKit.strings(client, "SELECT count(*)::text FROM \(table)")
                        #expect(count == ["0"], "\(table)")
                    }
                }
            }
        }
    }

    @Test("Messages staged by an ingest cut short (no batch row) are left out, as the daemon would discard them")
    func leavesStagedMessagesOut() async throws {
        try await Self.withFilledSQLite { sqlite, _, _ in
            let queue = try DatabaseQueue(path: sqlite.path)
            try await queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try db.execute(
                    sql: """
                        INSERT INTO message (id, batch_id, line, destination, priority, text, encoding, segments, status)
                        VALUES (999999, 424242, 2, '5511987650002', 1, 'meio', 'GSM7', 1, 'QUEUED')
                        """
                )
            }
            try queue.close()
            try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: Self.logger) { client in
                    let report = try await StoreCopy(client: client, logger: Self.logger).run(from: sqlite)
                    #expect(report.stagedMessages == 1)
                    #expect(report.tables.first { $0.name == "message" }?.rows == 3045)
                    let staged = try await PostgresTestKit.strings(
                        client,
                        "SELECT count(*)::text FROM message WHERE batch_id = 424242"
                    )
                    #expect(staged == ["0"])
                }
            }
        }
    }
}
