import Foundation
import Logging
import PostgresNIO
import RemessaStore

/// `remessa store copy`: an idle SQLite store moved into an empty PostgreSQL database, so that a single node can
/// become a cluster (contract section 13).
///
/// The database is migrated first. Then, in **one** PostgreSQL transaction, every table both stores have is
/// filled with `COPY`, ids kept, parents before the tables that reference them, while one SQLite transaction
/// holding the store's write lock reads them (so the rows are one moment's). Each identity's sequence is then
/// moved past the copied ids (past SQLite's `AUTOINCREMENT` counter where that is higher), so a new file, message,
/// event or reply never takes a copied id. Either all of it commits or nothing does. The SQLite store is left
/// as it was. The cluster's own tables (leases, nodes) stay empty.
///
/// The caller holds the SQLite store with the daemon's access (its lock), so no daemon runs on it meanwhile.
public struct StoreCopy: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// What a copy did.
    public struct Report: Sendable {
        /// Rows copied per table, in the order they were copied.
        public var tables: [(name: String, rows: Int)]
        /// The last id each identity's sequence now stands at (the next one is above it), by table.
        public var lastIDs: [(table: String, id: Int64)]
        /// Messages of an ingest cut short, left out (the daemon discards them when it takes their file up again).
        public var stagedMessages: Int
        /// From the lock on the tables to the commit.
        public var duration: Duration

        /// Every row copied.
        public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// Copies `store` into the database; throws ``StoreCopyError`` when the database already holds a store's rows
    /// or nodes, or when the schemas differ, and the server's or the store's error when the copy fails midway.
    public func run(from store: SQLiteStore) async throws -> Report {
        _ = try await PostgresStore.open(client: self.client, access: .daemon, logger: self.logger)
        let plan = try await StoreCopyPlan.make(sqlite: store.tableColumns(), client: self.client, logger: self.logger)
        let clock = ContinuousClock()
        let start = clock.now
        var report = try await Self.unwrapped {
            try await self.copy(plan, from: store)
        }
        report.duration = clock.now - start
        self.logger.info(
            "copied the SQLite store into PostgreSQL",
            metadata: ["remessa.copy.rows": "\(report.rows)", "remessa.copy.duration": "\(report.duration)"]
        )
        return report
    }

    /// The copy's one transaction: the lock and the checks, the rows, their count, the sequences.
    private func copy(_ plan: StoreCopyPlan, from store: SQLiteStore) async throws -> Report {
        try await self.client.withTransaction(logger: self.logger) { connection in
            try await self.lockAndCheckEmpty(plan, on: connection)
            let summary = try await self.copyRows(plan, from: store, on: connection)
            for table in plan.tables {
                let rows = try await self.count(table.name, on: connection)
                guard rows == summary.rows[table.name] ?? 0 else {
                    throw StoreCopyError(
                        .countMismatch,
                        "\(table.name): \(summary.rows[table.name] ?? 0) rows read, \(rows) in PostgreSQL"
                    )
                }
            }
            let lastIDs = try await self.advanceIdentities(plan, counters: summary.counters, on: connection)
            return Report(
                tables: plan.tables.map { ($0.name, summary.rows[$0.name] ?? 0) },
                lastIDs: lastIDs,
                stagedMessages: summary.stagedMessages,
                duration: .zero
            )
        }
    }

    /// `body`'s answer; a refusal or failure of the copy's own comes out as thrown, not wrapped in the
    /// transaction's error (the server's errors stay wrapped, with the statement's place).
    private static func unwrapped<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            if let own = error.closureError, !(own is PSQLError), error.rollbackError == nil {
                throw own
            }
            throw error
        }
    }

    /// Locks the tables against every other writer until the transaction ends, then refuses a database that
    /// holds a live lease (a node is running) or any row.
    private func lockAndCheckEmpty(_ plan: StoreCopyPlan, on connection: PostgresConnection) async throws {
        let names = plan.lockedTables.map(Self.quoted).joined(separator: ", ")
        try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(names) IN EXCLUSIVE MODE"), logger: logger)
        let leases = try await connection.query(
            "SELECT kind, key, node FROM lease WHERE expires_at > now() ORDER BY kind, key LIMIT 1",
            logger: self.logger
        )
        for try await (kind, key, node) in leases.decode((String, String, String).self) {
            throw StoreCopyError(
                .clusterRunning,
                "a node is running on the PostgreSQL database (\(node) holds \(kind) \(key)): "
                    + "the copy only fills an empty database"
            )
        }
        var holding: [String] = []
        for table in plan.tables {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(Self.quoted(table.name)))"),
                logger: self.logger
            )
            for try await holdsRows in rows.decode(Bool.self) where holdsRows {
                holding.append(table.name)
            }
        }
        guard holding.isEmpty else {
            // The tables an operator knows first, then the rest, the first three named.
            let known = ["file", "batch", "message"]
            holding.sort {
                (known.firstIndex(of: $0) ?? known.count, $0) < (known.firstIndex(of: $1) ?? known.count, $1)
            }
            let named =
                holding.prefix(3).joined(separator: ", ")
                + (holding.count > 3 ? " and \(holding.count - 3) more tables" : "")
            throw StoreCopyError(
                .notEmpty,
                "the PostgreSQL database already holds a store (rows in \(named)): the copy only fills an empty database"
            )
        }
    }

    /// Reads the SQLite store on a thread of its own while its rows stream into one `COPY` per table; answers what
    /// the thread read.
    private func copyRows(
        _ plan: StoreCopyPlan,
        from store: SQLiteStore,
        on connection: PostgresConnection
    ) async throws -> SQLiteExportSummary {
        let feed = StoreCopyFeed()
        async let read = StoreThread.run(named: "remessa-store-copy") {
            do {
                let summary = try Self.read(plan, from: store, into: feed)
                feed.end(failure: nil)
                return summary
            } catch {
                feed.end(failure: error)
                throw error
            }
        }
        var copyFailure: (any Error)?
        do {
            for table in plan.tables {
                try await connection.copyFrom(table: table.name, columns: table.columns, logger: self.logger) {
                    writer in
                    while let item = await feed.next() {
                        switch item {
                        case .rows(let lines):
                            try await writer.write(lines)
                            feed.written()
                        case .tableEnd:
                            feed.written()
                            return
                        }
                    }
                    throw feed.failure ?? StoreCopyFeed.Stopped()
                }
            }
        } catch {
            copyFailure = error
        }
        feed.end(failure: copyFailure ?? StoreCopyFeed.Stopped())
        // The thread's own error comes first: a failed read is what ended the COPY, or the COPY's failure stopped it.
        let summary = try await read
        if let copyFailure {
            throw copyFailure
        }
        return summary
    }

    /// The thread's side: every table's rows as `COPY` lines, about ``chunkBytes`` at a time, and its end.
    private static func read(
        _ plan: StoreCopyPlan,
        from store: SQLiteStore,
        into feed: StoreCopyFeed
    ) throws -> SQLiteExportSummary {
        var text = StoreCopyText(capacity: Self.chunkBytes + 4096)
        var tables = plan.tables.makeIterator()
        var table = tables.next()
        return try store.export(plan.tables.map { ($0.name, $0.columns) }) { cells in
            try table?.encoder.write(cells, into: &text)
            if text.count >= Self.chunkBytes {
                try feed.hand(.rows(text.take()))
            }
        } tableEnd: { _ in
            if text.count > 0 {
                try feed.hand(.rows(text.take()))
            }
            try feed.hand(.tableEnd)
            table = tables.next()
        }
    }

    /// How much of a table's text goes in one `COPY` message.
    static let chunkBytes = 256 << 10

    private func count(_ table: String, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(Self.quoted(table))"),
            logger: self.logger
        )
        for try await count in rows.decode(Int64.self) {
            return Int(count)
        }
        return 0
    }

    /// Moves each identity's sequence to the largest copied id, or SQLite's `AUTOINCREMENT` counter of the table
    /// when that is higher; answers where each stands. A table with no id yet keeps its sequence at the start.
    private func advanceIdentities(
        _ plan: StoreCopyPlan,
        counters: [String: Int64],
        on connection: PostgresConnection
    ) async throws -> [(table: String, id: Int64)] {
        var lastIDs: [(table: String, id: Int64)] = []
        for table in plan.tables {
            guard let column = table.identity else { continue }
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT coalesce(max(\(Self.quoted(column))), 0)::bigint FROM \(Self.quoted(table.name))"
                ),
                logger: self.logger
            )
            var last: Int64 = 0
            for try await largest in rows.decode(Int64.self) {
                last = max(largest, counters[table.name] ?? 0)
            }
            guard last > 0 else { continue }
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence(\(table.name), \(column)), \(last))",
                logger: self.logger
            )
            lastIDs.append((table.name, last))
        }
        return lastIDs
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
