import Foundation
import Logging
import PostgresNIO
import RemessaPostgres
import RemessaTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("PostgresSandbox: a throwaway PostgreSQL cluster")
struct PostgresSandboxTests {
    @Test("The cluster starts, logs the role in with its password over TCP, and stops leaving no process behind")
    func startsAndStopsClean() async throws {
        let sandbox = try await PostgresSandbox.start()
        let processes = sandbox.serverProcessIDs()
        let directory = sandbox.stateDirectory
        do {
            #expect(sandbox.isRunning)
            // The postmaster and its helpers (checkpointer, WAL writer, …), all run as postgres.
            #expect(processes.count > 1)
            for pid in processes {
                #expect(Self.owner(of: pid) == Self.postgresUID(), "pid \(pid)")
            }
            #expect(sandbox.url == "postgres://remessa@127.0.0.1:\(sandbox.port)/remessa")
            let settings = PostgresTestKit.settings(sandbox)
            let identity = try await settings.withClient(logger: PostgresTestKit.logger) { client in
                try await PostgresTestKit.strings(
                    client,
                    "SELECT current_user || ' ' || current_database() || ' ' || inet_server_port()::text"
                )
            }
            #expect(identity == ["remessa remessa \(sandbox.port)"])
            // Not a superuser: what a node needs, no more.
            #expect(try sandbox.psql("SELECT rolsuper FROM pg_roles WHERE rolname = 'remessa'") == "f\n")
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()

        #expect(!sandbox.isRunning)
        #expect(sandbox.serverProcessIDs().isEmpty)
        for pid in processes {
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "pid \(pid) outlived the sandbox")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("TCP logins need the role's password: a wrong one is refused at once, the right one logs in")
    func wrongPasswordIsRefused() async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            let directory = try TemporaryDirectory(prefix: "pg-password")
            defer { directory.remove() }
            var settings = PostgresTestKit.settings(sandbox)
            settings.passwordFile = try directory.write("password", "not-the-password\n")
            let error = await #expect(throws: PSQLError.self) {
                try await settings.verifyLogin(logger: PostgresTestKit.logger)
            }
            // 28P01: invalid_password.
            #expect(error?.serverInfo?[.sqlState] == "28P01", "\(String(reflecting: error))")
            settings.passwordFile = sandbox.passwordFile
            try await settings.verifyLogin(logger: PostgresTestKit.logger)
        }
    }

    @Test("withSandbox stops the cluster when its body throws")
    func stopsWhenBodyThrows() async throws {
        struct Planned: Error {}
        let seen = Mutex<(directory: String, pids: [Int32])?>(nil)
        await #expect(throws: Planned.self) {
            try await PostgresSandbox.withSandbox { sandbox in
                seen.withLock { $0 = (sandbox.stateDirectory, sandbox.serverProcessIDs()) }
                throw Planned()
            }
        }
        let (directory, pids) = try #require(seen.withLock { $0 })
        #expect(!pids.isEmpty)
        for pid in pids {
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "pid \(pid) outlived the sandbox")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    static func owner(of pid: Int32) -> uid_t? {
        var status = stat()
        return stat("/proc/\(pid)", &status) == 0 ? status.st_uid : nil
    }

    static func postgresUID() -> uid_t? {
        getpwnam("postgres").map { $0.pointee.pw_uid }
    }
}
