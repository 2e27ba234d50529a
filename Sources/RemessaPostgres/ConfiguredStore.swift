import Logging
import RemessaConfig
import RemessaStore

/// The store the configuration names (`state`, contract sections 8 and 13), opened for the length of a scope:
/// SQLite at `<state.path>/store.sqlite`, or the cluster's PostgreSQL database with its pool.
public enum ConfiguredStore {
    /// Who opens it: a daemon node (which creates or migrates it) or an operator command (which never does).
    public enum Access: Sendable {
        case daemon
        case `operator`
    }

    /// Runs `body` with the configured store, and closes it (the pool's connections) when `body` returns or throws.
    /// A PostgreSQL login is tried once first, so a wrong password or database fails at once with the server's
    /// answer.
    public static func with<Result>(
        _ state: StateConfiguration,
        access: Access,
        environment: [String: String],
        logger: Logger,
        _ body: (any Store) async throws -> Result
    ) async throws -> Result {
        guard let postgres = state.postgres else {
            let store = try SQLiteStore(directory: state.path, access: access == .daemon ? .daemon : .operator)
            return try await body(store)
        }
        let settings = try PostgresSettings(
            url: postgres.url,
            passwordFile: try postgres.passwordFile.path(environment: environment)
        )
        try await settings.verifyLogin(logger: logger)
        return try await settings.withClient(logger: logger) { client in
            let store = try await PostgresStore.open(
                client: client,
                access: access == .daemon ? .daemon : .operator,
                logger: logger
            )
            return try await body(store)
        }
    }
}
