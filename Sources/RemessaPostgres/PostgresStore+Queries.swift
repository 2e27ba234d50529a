import Foundation
import Logging
import PostgresNIO
import RemessaStore

/// One row of a query, by column name, for the records' shared decoding (``StoreRow``). Integers come as
/// `bigint` (or `int`, `boolean`, or the `numeric` a `sum` gives); times as `double precision`.
struct PostgresStoreRow: StoreRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    private func cell(_ column: String) -> PostgresCell? {
        guard row.contains(column) else { return nil }
        let cell = row[column]
        return cell.bytes == nil ? nil : cell
    }

    func isNull(_ column: String) -> Bool { cell(column) == nil }

    func int64(_ column: String) -> Int64? {
        guard let cell = cell(column) else { return nil }
        switch cell.dataType {
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? 1 : 0 }
        case .float4, .float8: return (try? cell.decode(Double.self)).map { Int64($0) }
        case .numeric: return (try? cell.decode(Decimal.self)).map { Int64(truncating: $0 as NSDecimalNumber) }
        default: return try? cell.decode(Int64.self)
        }
    }

    func double(_ column: String) -> Double? {
        guard let cell = cell(column) else { return nil }
        switch cell.dataType {
        case .float4, .float8: return try? cell.decode(Double.self)
        case .numeric: return (try? cell.decode(Decimal.self)).map { Double(truncating: $0 as NSDecimalNumber) }
        default: return (try? cell.decode(Int64.self)).map { Double($0) }
        }
    }

    func string(_ column: String) -> String? {
        guard let cell = cell(column) else { return nil }
        return try? cell.decode(String.self)
    }
}

extension PostgresStore {
    /// Every row `query` answers, read on a connection of the pool.
    func rows(_ query: PostgresQuery) async throws -> [PostgresStoreRow] {
        try await Self.collect(self.client.query(query, logger: self.logger))
    }

    /// Every row `query` answers on `connection` (inside a transaction).
    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresStoreRow] {
        try await Self.collect(connection.query(query, logger: self.logger))
    }

    /// The first row `query` answers, if any.
    func row(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> PostgresStoreRow? {
        if let connection {
            return try await self.rows(query, on: connection).first
        }
        return try await self.rows(query).first
    }

    /// Runs `query` for its effect, reading (and dropping) whatever rows it answers; outside a transaction, work
    /// under a lease runs it in a fenced one (``transaction(_:)``).
    func execute(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws {
        _ = try await self.count(query, on: connection)
    }

    /// How many rows `query` answers: a write counts what it changed with `RETURNING 1`. Outside a transaction,
    /// work under a lease runs it in a fenced one (``transaction(_:)``).
    func count(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> Int {
        if let connection {
            return try await self.rows(query, on: connection).count
        }
        guard StoreFence.current != nil else {
            return try await self.rows(query).count
        }
        return try await self.transaction { connection in try await self.rows(query, on: connection).count }
    }

    /// Checks, as the first statement of the transaction `connection` is in, that `fence` is still its lease's
    /// token (``Leases/holdsFence(_:token:on:logger:)``); throws ``StoreError/staleLease(_:)`` when it is not.
    func checkFence(_ fence: StoreFence? = StoreFence.current, on connection: PostgresConnection) async throws {
        guard let fence else { return }
        guard try await Leases.holdsFence(fence.lease, token: fence.token, on: connection, logger: self.logger) else {
            throw StoreError.staleLease(fence)
        }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    /// A transaction that lost to another node's (a serialization failure or a deadlock the server broke) runs
    /// again, a few times: it changed nothing. An error of `body`'s own (a ``StoreError``, say) comes out as it
    /// was thrown, as from the SQLite store; the server's errors come out wrapped, with the statement's place.
    ///
    /// Work under a lease (``StoreFence/current``) is fenced: the transaction's first statement checks the token,
    /// and a stale one throws ``StoreError/staleLease(_:)`` before `body` runs.
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let fence = StoreFence.current
        var attempt = 1
        while true {
            do {
                return try await self.client.withTransaction(logger: self.logger) { connection in
                    try await self.checkFence(fence, on: connection)
                    return try await body(connection)
                }
            } catch let error as PostgresTransactionError where attempt < 4 && Self.isRetryable(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(20 * attempt))
            } catch let error as PostgresTransactionError {
                if let own = error.closureError, !(own is PSQLError), error.rollbackError == nil {
                    throw own
                }
                throw error
            }
        }
    }

    private static func isRetryable(_ error: PostgresTransactionError) -> Bool {
        for case let failure as PSQLError in [error.closureError, error.commitError].compactMap({ $0 }) {
            let code = failure.serverInfo?[.sqlState]
            if code == PostgresError.Code.serializationFailure.raw || code == PostgresError.Code.deadlockDetected.raw {
                return true
            }
        }
        return false
    }

    private static func collect(_ sequence: PostgresRowSequence) async throws -> [PostgresStoreRow] {
        var rows: [PostgresStoreRow] = []
        for try await row in sequence {
            rows.append(PostgresStoreRow(row))
        }
        return rows
    }
}

extension Date {
    /// Seconds since 1970, as stored (`double precision`, as SQLite's REAL).
    var storeSeconds: Double { timeIntervalSince1970 }

    init(storeSeconds: Double) {
        self.init(timeIntervalSince1970: storeSeconds)
    }
}
