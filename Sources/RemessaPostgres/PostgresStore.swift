import Foundation
import Logging
import PostgresNIO
import RemessaStore
import Synchronization

/// The durable store on PostgreSQL, shared by the nodes of a cluster (contract section 13): the same interface
/// and the same behaviour as ``SQLiteStore``, on the same tables (``PostgresSchema``).
///
/// Where SQLite has one writer, here several nodes write at once: every read-modify-write is one statement or one
/// transaction whose rows are locked (`FOR UPDATE`, `SKIP LOCKED` where a node only wants work nobody else took),
/// and a file's messages go in with `COPY` inside the transaction that creates their batch, so they appear whole
/// or not at all. The pool belongs to the caller (``PostgresSettings/withClient(logger:_:)``).
public final class PostgresStore: Sendable {
    /// Who opens the store.
    public enum Access: Sendable {
        /// A node of the daemon: migrates the schema (under the advisory lock, so nodes starting together take turns).
        case daemon
        /// An operator command: never migrates, and refuses a schema that is not this build's.
        case `operator`
    }

    public let client: PostgresClient
    let logger: Logger
    /// The drops with `notify:`: their files and batches get a notice recorded with each event.
    let notifyingDrops = Mutex<Set<String>>([])

    /// A store over `client`'s database, as it is; ``open(client:access:logger:)`` checks or migrates it first.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// A store over `client`'s database, migrated by a daemon node, or checked to be this build's by an operator
    /// command.
    public static func open(client: PostgresClient, access: Access, logger: Logger) async throws -> PostgresStore {
        switch access {
        case .daemon:
            try await PostgresSchema.migrate(client, logger: logger)
        case .operator:
            let applied = try await PostgresSchema.appliedMigrations(client, logger: logger)
            guard applied == PostgresSchema.migrations.map(\.name) else {
                throw PostgresStoreError(
                    "the database's schema differs from this version of remessa: start remessad to migrate it"
                )
            }
        }
        return PostgresStore(client: client, logger: logger)
    }

    /// Whether a write goes through now: a transaction that takes an id (a read-only or failed server refuses).
    public func checkWritable() async throws {
        try await self.execute("SELECT txid_current()")
    }

    /// See ``Store``.
    public func setNotifyingDrops(_ drops: Set<String>) {
        notifyingDrops.withLock { $0 = drops }
    }
}

extension PostgresStore: Store {}
