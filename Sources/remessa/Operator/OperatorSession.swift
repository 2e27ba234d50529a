import ArgumentParser
import Foundation
import RemessaConfig
import RemessaStore

/// What an operator command works with: the daemon's configuration and its store, opened read-mostly.
struct OperatorSession {
    let command: String
    let configuration: RemessaConfiguration
    let store: any Store

    /// Loads the configuration and opens the store, or prints why not and throws the exit status (78 or 69).
    init(command: String, options: OperatorOptions) throws {
        self.command = command
        do {
            configuration = try RemessaConfiguration.load(
                path: options.config,
                environment: ProcessInfo.processInfo.environment
            )
        } catch {
            printError("remessa \(command): the configuration \(options.config) is not usable:")
            for issue in error.issues {
                printError("  " + issue.description)
            }
            throw OperatorExit.configurationError
        }
        do {
            store = try SQLiteStore(directory: configuration.state.path, access: .operator)
        } catch {
            throw OperatorExit.fail(command, "\(error)", OperatorExit.storeUnavailable)
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
