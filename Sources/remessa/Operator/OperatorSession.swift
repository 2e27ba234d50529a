import ArgumentParser
import Foundation
import Logging
import RemessaConfig
import RemessaPostgres
import RemessaStore

/// What an operator command works with: the daemon's configuration and its store, opened read-mostly.
struct OperatorSession {
    let command: String
    let configuration: RemessaConfiguration
    let store: any Store

    /// Loads the configuration and opens its store (SQLite, or the cluster's PostgreSQL) for `body`, or prints why
    /// not and throws the exit status (78 or 69). The store is closed when `body` ends.
    static func run<Result>(
        command: String,
        options: OperatorOptions,
        _ body: (OperatorSession) async throws -> Result
    ) async throws -> Result {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try loadConfiguration(command: command, options: options)
        var opened = false
        do {
            return try await ConfiguredStore.with(
                configuration.state,
                access: .operator,
                environment: environment,
                logger: Logger(label: "remessa.cli") { _ in SwiftLogNoOpLogHandler() }
            ) { store in
                opened = true
                return try await body(OperatorSession(command: command, configuration: configuration, store: store))
            }
        } catch  where !opened {
            throw OperatorExit.fail(command, "\(error)", OperatorExit.storeUnavailable)
        }
    }

    /// The configuration `options` names, or prints why it is not usable and throws exit status 78.
    static func loadConfiguration(command: String, options: OperatorOptions) throws -> RemessaConfiguration {
        do {
            return try RemessaConfiguration.load(path: options.config, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("remessa \(command): the configuration \(options.config) is not usable:")
            for issue in error.issues {
                printError("  " + issue.description)
            }
            throw OperatorExit.configurationError
        }
    }

    /// The configured drop names, sorted.
    var dropNames: [String] { configuration.drops.keys.sorted() }

    /// Runs a read or write of the store; a failure is printed and becomes exit status 69 (a missing record
    /// is left to the caller).
    func usingStore<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .notFound {
            throw error
        } catch {
            throw OperatorExit.fail(command, "the store cannot be read: \(error)", OperatorExit.storeUnavailable)
        }
    }
}
