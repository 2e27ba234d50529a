import Foundation
import GRDB
import RemessaCore
import Synchronization

/// The durable store on SQLite (WAL, one writer, many readers): files, batches, messages, events,
/// publications and the suppression list.
///
/// The daemon opens it with ``Access/daemon``: that takes an exclusive lock beside the database, so two daemons
/// never share one store, and runs the migrations. Operator commands open it with ``Access/operator``, which
/// never migrates and works while the daemon runs. Commits are synchronous (`synchronous=FULL`), so what the
/// store says happened survives a crash of the process or the machine. A file's messages go in through short
/// transactions and become visible together (``ingest(fileID:drop:route:at:_:)``), so a big file never holds
/// the one writer for long.
public final class SQLiteStore: Store {
    /// Who opens the store.
    public enum Access: Sendable {
        /// The one daemon: locks the store and migrates it.
        case daemon
        /// An operator command: no lock, no migration; the daemon must have created the store.
        case `operator`
    }

    /// The database file.
    public let path: String
    let pool: DatabasePool
    private let lock: StoreLock?
    /// Held for the whole of one file's ingest: message ids are assigned from the highest stored one.
    let ingestGate = Mutex(())
    /// The drops with `notify:`: their files and batches get a notice recorded with each event (``Store+Notices``).
    let notifyingDrops = Mutex<Set<String>>([])

    /// Creates the database file mode 0600 before SQLite does (SQLite gives its `-wal` and `-shm` files the
    /// database's mode), and takes an older store's files down to 0600: they hold phone numbers and texts.
    static func makePrivate(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot create the database file: errno \(errno)", path: path)
        }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, 0o600) == 0 else {
                throw StoreError(.cannotOpen, "cannot make the database private: errno \(errno)", path: file)
            }
        }
    }

    /// Opens (and for the daemon, creates and migrates) the store `store.sqlite` in `directory`.
    public init(directory: String, access: Access) throws {
        let path = directory + "/store.sqlite"
        self.path = path
        switch access {
        case .daemon:
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o750]
            )
            self.lock = try StoreLock(path: directory + "/store.lock")
            try Self.makePrivate(path)
        case .operator:
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.cannotOpen, "no store here yet: start remessad once to create it", path: path)
            }
            self.lock = nil
        }
        _ = SQLiteLibrary.configured
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "remessa.store"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // What a purge erases is overwritten with zeros in the file, not merely marked free (contract §12).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            self.pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the database: \(error)", path: path)
        }
        // GRDB's WAL set-up on the writer sets `synchronous=NORMAL` after `prepareDatabase`: set FULL again, on
        // the one connection that writes, so a commit survives a power loss.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        switch access {
        case .daemon:
            try StoreSchema.migrator.migrate(pool)
        case .operator:
            let complete = try pool.read { db in try StoreSchema.migrator.hasCompletedMigrations(db) }
            guard complete else {
                throw StoreError(
                    .schemaMismatch,
                    "the store's schema differs from this version of remessa: run remessad to migrate it",
                    path: path
                )
            }
        }
    }

    /// See ``Store``.
    public func checkWritable() async throws {
        try await pool.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS probe(x); DELETE FROM probe")
        }
    }
}

extension Date {
    /// Seconds since 1970, as stored.
    var storeSeconds: Double { timeIntervalSince1970 }

    init(storeSeconds: Double) {
        self.init(timeIntervalSince1970: storeSeconds)
    }
}
