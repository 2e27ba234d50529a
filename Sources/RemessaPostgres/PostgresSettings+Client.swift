import Logging
import NIOSSL
import PostgresNIO

extension PostgresSettings {
    /// Runs `body` with a connection pool on these settings, and shuts the pool down when `body` returns or
    /// throws.
    ///
    /// The pool's `run()` goes in a child task of a task group that ends with `body`: no client outlives the
    /// scope, and no connection is left open. `logger` gets the pool's background messages.
    public func withClient<Result>(
        logger: Logger,
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: try self.clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await client.run()
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

extension PostgresSettings {
    /// Opens one connection, runs `SELECT 1` and closes it: a wrong password, role or database fails here at
    /// once, with the server's error (a pool retries its logins until its circuit breaker trips, a minute later).
    public func verifyLogin(logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disabled: .disable
            case .preferred: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: self.host,
            port: self.port,
            username: self.user,
            password: try self.readPassword(),
            database: self.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query("SELECT 1", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
