import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension PostgresSandbox {
    /// Debian's PostgreSQL 15 programs (`postgresql-15`, installed by scripts/install-deps).
    static let binaries = "/usr/lib/postgresql/15/bin"
    /// Runs a program as another user without a shell or PAM session: it `exec`s, so a server keeps the pid.
    static let setprivPath = "/usr/bin/setpriv"
    /// Runs a program in another directory (the `postgres` user cannot enter the test's own).
    static let envPath = "/usr/bin/env"

    /// Checks the programs, finds a free port, and makes the cluster in a new temporary directory owned by
    /// `postgres`: `initdb` with trusted Unix-socket logins and SCRAM passwords over TCP.
    static func prepare(_ configuration: PostgresSandboxConfiguration) async throws -> PostgresSandbox {
        for name in ["initdb", "postgres", "psql", "pg_isready"]
        where !FileManager.default.isExecutableFile(atPath: "\(Self.binaries)/\(name)") {
            throw PostgresSandboxError(
                "\(Self.binaries)/\(name) is missing: apt-get install -y postgresql-15 (scripts/install-deps)"
            )
        }
        for name in [configuration.user, configuration.database]
        where name.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) == nil {
            throw PostgresSandboxError("\"\(name)\" is not a plain PostgreSQL name (lower-case letters, digits, _)")
        }
        let postgres = try SystemUser.ensure("postgres")
        let directory = try TemporaryDirectory.create(prefix: "remessa-pg")
        let sandbox = PostgresSandbox(
            configuration: configuration,
            stateDirectory: directory,
            port: try FreePort.find(),
            password: Self.randomPassword()
        )
        do {
            try sandbox.startWatchdog()
            guard chmod(directory, 0o700) == 0 else {
                throw PostgresSandboxError("chmod \(directory) failed: errno \(errno)")
            }
            try postgres.own(directory)
            try Data((sandbox.password + "\n").utf8).write(to: URL(fileURLWithPath: sandbox.passwordFile))
            guard chmod(sandbox.passwordFile, 0o600) == 0 else {
                throw PostgresSandboxError("chmod \(sandbox.passwordFile) failed: errno \(errno)")
            }
            try await sandbox.runAsPostgres(
                "initdb",
                [
                    "-D", sandbox.dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--encoding=UTF8", "--no-locale", "--no-sync",
                ]
            )
            return sandbox
        } catch {
            await sandbox.terminate()
            sandbox.removeState()
            throw error
        }
    }

    /// `env`'s arguments to run the PostgreSQL program `name` as `postgres` in the state directory.
    func asPostgres(_ name: String) -> [String] {
        [
            "--chdir=\(self.stateDirectory)", Self.setprivPath, "--reuid=postgres", "--regid=postgres",
            "--init-groups", "--", "\(Self.binaries)/\(name)",
        ]
    }

    /// The server's arguments: 127.0.0.1 and the port, the socket in the state directory, the log on stderr,
    /// no fsync, room for the pools of a whole test run side by side (up to 10 connections each; the default 100
    /// ran out in a full run), and the configuration's settings.
    func serverArguments() -> [String] {
        var settings = [
            "listen_addresses": "127.0.0.1",
            "port": String(self.port),
            "unix_socket_directories": self.socketDirectory,
            "logging_collector": "off",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "400",
        ]
        settings.merge(self.configuration.settings) { _, configured in configured }
        return ["-D", self.dataDirectory] + settings.sorted { $0.key < $1.key }.flatMap { ["-c", "\($0)=\($1)"] }
    }

    /// The role (a login with the password, no other rights) and its database.
    func createRoleAndDatabase() throws {
        try self.psql(
            "CREATE ROLE \(self.user) LOGIN PASSWORD '\(self.password)'",
            database: "postgres"
        )
        try self.psql("CREATE DATABASE \(self.database) OWNER \(self.user)", database: "postgres")
    }

    /// 32 random hexadecimal digits.
    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
