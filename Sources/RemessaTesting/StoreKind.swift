import Foundation
import Logging
import RemessaPostgres
import RemessaStore

/// The stores one behavioural test runs against: the same steps and the same assertions on SQLite and on a real
/// PostgreSQL 15 (a sandbox cluster shared by the test process, a fresh database for each test).
///
/// ```swift
/// @Test("…", arguments: StoreKind.allCases)
/// func something(kind: StoreKind) async throws {
///     try await kind.withStore { store in … }
/// }
/// ```
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Runs `body` with a new, empty, migrated store of this kind, and removes it afterwards.
    public func withStore<Result>(_ body: (any Store) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "store")
            defer { directory.remove() }
            return try await body(SQLiteStore(directory: directory.path, access: .daemon))
        case .postgres:
            return try await SharedPostgres.shared.withDatabase { settings in
                try await settings.withClient(logger: SharedPostgres.logger) { client in
                    try await body(PostgresStore.open(client: client, access: .daemon, logger: SharedPostgres.logger))
                }
            }
        }
    }
}

extension StoreKind {
    /// Runs `body` with where a daemon of this kind keeps its store: nil for SQLite under `state.path`, or settings
    /// for a new PostgreSQL database (`state.postgres`), dropped afterwards.
    public func withStateDatabase<Result>(_ body: (PostgresSettings?) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite: try await body(nil)
        case .postgres: try await SharedPostgres.shared.withDatabase { settings in try await body(settings) }
        }
    }

    /// Runs `body` with two PostgreSQL stores on one new database, each with its own pool: two nodes of a
    /// cluster, for tests of what they race for.
    public static func withTwoPostgresNodes<Result>(
        _ body: (any Store, any Store) async throws -> Result
    ) async throws -> Result {
        try await SharedPostgres.shared.withDatabase { settings in
            try await settings.withClient(logger: SharedPostgres.logger) { first in
                try await settings.withClient(logger: SharedPostgres.logger) { second in
                    let a = try await PostgresStore.open(client: first, access: .daemon, logger: SharedPostgres.logger)
                    let b = try await PostgresStore.open(client: second, access: .daemon, logger: SharedPostgres.logger)
                    return try await body(a, b)
                }
            }
        }
    }
}

/// One PostgreSQL sandbox for the whole test process, started at first use and stopped by its watchdog when the
/// process ends; each caller gets a database of its own, dropped afterwards.
public actor SharedPostgres {
    public static let shared = SharedPostgres()
    static let logger = Logger(label: "remessa.tests.postgres") { _ in SwiftLogNoOpLogHandler() }

    private var starting: Task<PostgresSandbox, any Error>?
    private var databases = 0

    /// The process's sandbox, started on the first call.
    public func sandbox() async throws -> PostgresSandbox {
        if let starting {
            return try await starting.value
        }
        let task = Task { try await PostgresSandbox.start() }
        starting = task
        return try await task.value
    }

    /// A new database owned by the sandbox's role: the sandbox and the database's name.
    private func newDatabase() async throws -> (PostgresSandbox, String) {
        let sandbox = try await self.sandbox()
        databases += 1
        let name = "store_\(getpid())_\(databases)"
        try sandbox.psql("CREATE DATABASE \(name) OWNER \(sandbox.user)", database: "postgres")
        return (sandbox, name)
    }

    /// Runs `body` with settings for a new database owned by the sandbox's role, and drops it afterwards.
    public nonisolated func withDatabase<Result>(
        _ body: (PostgresSettings) async throws -> Result
    ) async throws -> Result {
        let (sandbox, name) = try await self.newDatabase()
        defer { _ = try? sandbox.psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: "postgres") }
        let settings = PostgresSettings(
            host: sandbox.host,
            port: sandbox.port,
            user: sandbox.user,
            database: name,
            passwordFile: sandbox.passwordFile
        )
        return try await body(settings)
    }
}
