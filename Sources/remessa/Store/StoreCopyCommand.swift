import ArgumentParser
import Foundation
import Logging
import RemessaConfig
import RemessaPostgres
import RemessaStore

/// `remessa store copy`: an idle SQLite store into the configuration's empty PostgreSQL database (contract
/// section 13), so a single node can become a cluster.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an idle SQLite store into the empty PostgreSQL database of `state.postgres`.",
        discussion: """
            Stop remessad first: the copy holds the SQLite store's lock, and refuses a store a daemon holds. \
            The database is migrated, then every table is copied with its ids in one transaction (all or \
            nothing), and the ids go on after the copied ones. A database that already holds a store's rows, \
            or on which a node runs, is refused. The SQLite store is left as it was. Exit status: 0 copied, \
            64 usage error or no `state.postgres`, 66 no SQLite store, 69 store in use, database not empty or \
            unreachable, copy failed, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Option(help: "The SQLite store to copy: its store.sqlite, or the folder that holds it. Default: <state.path>.")
    var from: String?

    private static let command = "store copy"

    func run() async throws {
        let configuration = try OperatorSession.loadConfiguration(command: Self.command, options: options)
        guard let postgres = configuration.state.postgres else {
            throw OperatorExit.fail(
                Self.command,
                "the configuration names no PostgreSQL database (state.postgres): add it, then copy into it",
                OperatorExit.usageError
            )
        }
        let directory = try sqliteDirectory(default: configuration.state.path)
        let sqlite = try openSQLite(in: directory)
        let environment = ProcessInfo.processInfo.environment
        let settings: PostgresSettings
        do {
            settings = try PostgresSettings(
                url: postgres.url,
                passwordFile: postgres.passwordFile.path(environment: environment)
            )
        } catch {
            throw OperatorExit.fail(Self.command, "\(error)", OperatorExit.configurationError)
        }
        let logger = Logger(label: "remessa.cli") { _ in SwiftLogNoOpLogHandler() }
        let report: StoreCopy.Report
        do {
            try await settings.verifyLogin(logger: logger)
            report = try await settings.withClient(logger: logger) { client in
                try await StoreCopy(client: client, logger: logger).run(from: sqlite)
            }
        } catch {
            throw OperatorExit.fail(
                Self.command,
                "nothing was copied: \(StoreCopyError.describing(error))",
                OperatorExit.storeUnavailable
            )
        }
        let summary = StoreCopySummary(from: sqlite.path, database: settings.database, report: report)
        switch options.format {
        case .json: print(summary.json.rendered(), terminator: "")
        case .text: print(summary.text(style: .forStandardOutput()), terminator: "")
        }
    }

    /// The folder holding the store to copy: `--from` (the file or its folder), or `state.path`.
    private func sqliteDirectory(default statePath: String) throws -> String {
        var directory = statePath
        if let from {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), isDirectory.boolValue {
                directory = from
            } else if (from as NSString).lastPathComponent == "store.sqlite" {
                directory = (from as NSString).deletingLastPathComponent
                directory = directory.isEmpty ? "." : directory
            } else {
                throw OperatorExit.fail(
                    Self.command,
                    "--from names a store's store.sqlite, or the folder that holds it",
                    OperatorExit.usageError
                )
            }
        }
        guard FileManager.default.fileExists(atPath: directory + "/store.sqlite") else {
            throw OperatorExit.fail(
                Self.command,
                "there is no SQLite store at \(directory)/store.sqlite",
                OperatorExit.noInput
            )
        }
        return directory
    }

    /// The SQLite store with the daemon's access: its lock (so no daemon runs on it while it is copied), and this
    /// version's schema.
    private func openSQLite(in directory: String) throws -> SQLiteStore {
        do {
            return try SQLiteStore(directory: directory, access: .daemon)
        } catch let error as StoreError where error.code == .locked {
            throw OperatorExit.fail(
                Self.command,
                "the SQLite store in \(directory) is in use by a running remessad: stop it, then copy",
                OperatorExit.storeUnavailable
            )
        } catch {
            throw OperatorExit.fail(
                Self.command,
                "cannot open the SQLite store: \(error)",
                OperatorExit.storeUnavailable
            )
        }
    }
}
