import Logging
import PostgresNIO
import RemessaPostgres
import RemessaTesting

/// What the PostgreSQL tests share: settings for a sandbox, a quiet logger, and reading a query's rows.
enum PostgresTestKit {
    static let logger = Logger(label: "remessa.postgres.test") { _ in SwiftLogNoOpLogHandler() }

    /// Settings that log in to `sandbox`'s database as its role, over TCP with the password file.
    static func settings(_ sandbox: PostgresSandbox) -> PostgresSettings {
        PostgresSettings(
            host: sandbox.host,
            port: sandbox.port,
            user: sandbox.user,
            database: sandbox.database,
            passwordFile: sandbox.passwordFile
        )
    }

    /// The first column of each row of `sql`, as text.
    static func strings(_ client: PostgresClient, _ sql: String) async throws -> [String] {
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
        var result: [String] = []
        for try await value in rows.decode(String.self) {
            result.append(value)
        }
        return result
    }

    /// The first column of each row of `sql` on `connection`, as text.
    static func strings(_ connection: PostgresConnection, _ sql: String) async throws -> [String] {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
        var result: [String] = []
        for try await value in rows.decode(String.self) {
            result.append(value)
        }
        return result
    }
}
