import Foundation
import Synchronization

/// A throwaway PostgreSQL 15 cluster on 127.0.0.1, with a login role and a database for Remessa.
///
/// For tests and by-hand checks of the cluster store (contract section 13). `initdb` makes the cluster in a
/// temporary directory owned by the `postgres` Unix user; the server runs as that user, as a child of this
/// process, listening on a free port on 127.0.0.1 and on a Unix socket in its own directory (never the system
/// service or its cluster). Local socket logins are trusted (the superuser, for setup and inspection); TCP logins
/// need the role's password (SCRAM), which ``passwordFile`` holds. ``stop()`` shuts the server down (fast
/// shutdown) and removes the directory; a watchdog does both if this process dies first. A missing PostgreSQL is
/// an error, never a skip.
///
/// ```swift
/// try await PostgresSandbox.withSandbox { postgres in
///     … connect to postgres.host:postgres.port as postgres.user with postgres.password …
/// }
/// ```
public final class PostgresSandbox: StoppableSandbox {
    /// Always `127.0.0.1`.
    public let host = "127.0.0.1"
    /// The TCP port the server listens on.
    public let port: Int
    /// The role made for Remessa: it owns ``database`` and is no superuser.
    public let user: String
    /// ``user``'s password (random, fresh for each sandbox).
    public let password: String
    /// A file holding ``password`` and a line break, mode 0600.
    public let passwordFile: String
    /// The database made for Remessa.
    public let database: String
    /// The temporary directory: `data/` (the cluster), the server's socket, its log and ``passwordFile``.
    public let stateDirectory: String
    /// The directory of the server's Unix socket (`.s.PGSQL.<port>`).
    public var socketDirectory: String { self.stateDirectory }
    /// `postgres://USER@127.0.0.1:PORT/DATABASE`, the contract's `state.postgres.url` (no password in it).
    public var url: String { "postgres://\(self.user)@\(self.host):\(self.port)/\(self.database)" }
    /// The server's own log (its stderr).
    public let serverLogPath: String
    let configuration: PostgresSandboxConfiguration
    let dataDirectory: String
    let processes: Mutex<PostgresProcesses>

    init(configuration: PostgresSandboxConfiguration, stateDirectory: String, port: Int, password: String) {
        self.configuration = configuration
        self.stateDirectory = stateDirectory
        self.dataDirectory = "\(stateDirectory)/data"
        self.serverLogPath = "\(stateDirectory)/postgres.log"
        self.passwordFile = "\(stateDirectory)/password"
        self.port = port
        self.user = configuration.user
        self.database = configuration.database
        self.password = password
        self.processes = Mutex(PostgresProcesses())
    }

    /// Makes a cluster, starts its server, waits until it accepts connections, and creates the role and the
    /// database. A port taken meanwhile by another process makes it start again on another port, a few times.
    public static func start(
        _ configuration: PostgresSandboxConfiguration = PostgresSandboxConfiguration()
    ) async throws -> PostgresSandbox {
        var attempt = 1
        while true {
            let sandbox = try await Self.prepare(configuration)
            do {
                try await sandbox.launch()
                try sandbox.createRoleAndDatabase()
                return sandbox
            } catch {
                await sandbox.terminate()
                sandbox.removeState()
                let portTaken = "\(error)".contains("could not bind") || "\(error)".contains("already in use")
                guard portTaken, attempt < 4 else { throw error }
                attempt += 1
            }
        }
    }

    /// Runs `body` with a started sandbox and stops it afterwards, whether `body` returns or throws.
    public static func withSandbox<Result>(
        _ configuration: PostgresSandboxConfiguration = PostgresSandboxConfiguration(),
        _ body: (PostgresSandbox) async throws -> Result
    ) async throws -> Result {
        try await Self.start(configuration).use(body)
    }

    /// Shuts the server down (fast shutdown: sessions are ended, the cluster is left consistent), waits for it,
    /// and removes the state directory (unless the configuration keeps it).
    public func stop() async {
        await self.terminate()
        if !self.configuration.keepsState {
            self.removeState()
        }
    }

    /// Runs `sql` with `psql` as the superuser over the Unix socket, in `database` (the sandbox's unless told),
    /// and answers its unaligned, tuples-only output (`|` between columns, a line per row).
    @discardableResult
    public func psql(_ sql: String, database: String? = nil) throws -> String {
        try SystemCommand.run(
            "\(Self.binaries)/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.socketDirectory, "-p", String(self.port),
                "-U", "postgres", "-d", database ?? self.database, "-c", sql,
            ]
        )
    }

    /// The last lines of the server's log, for failure messages.
    public func logTail(lines: Int = 8) -> String {
        let text = (try? String(contentsOfFile: self.serverLogPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }

    func removeState() {
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }
}
