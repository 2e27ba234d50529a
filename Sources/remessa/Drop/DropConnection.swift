import ArgumentParser
import Foundation
import Logging
import RemessaConfig
import RemessaDrops

/// One configured drop and its transport, for the length of one `remessa drop` command.
struct DropConnection {
    /// `drop ls`, `drop get`, `drop put`: prefixes every message.
    let command: String
    let drop: DropConfiguration
    let transport: any DropTransport

    /// Loads the configuration, finds the drop and builds its transport (nothing connects yet), or prints why not
    /// and throws the exit status: 78 for the configuration or a secret, 64 for an unknown drop.
    init(command: String, options: DropOptions) throws {
        self.command = command
        let environment = ProcessInfo.processInfo.environment
        let configuration: RemessaConfiguration
        do {
            configuration = try RemessaConfiguration.load(path: options.common.config, environment: environment)
        } catch {
            printError("remessa \(command): the configuration \(options.common.config) is not usable:")
            for issue in error.issues {
                printError("  " + issue.description)
            }
            throw DropExit.configuration
        }
        guard let drop = configuration.drops[options.drop] else {
            let names = configuration.drops.keys.sorted()
            let known = names.isEmpty ? "it has no drops" : "configured: " + names.joined(separator: ", ")
            printError("remessa \(command): no drop \"\(options.drop)\" in \(options.common.config); \(known)")
            throw DropExit.usage
        }
        self.drop = drop
        do {
            transport = try DropTransportFactory.make(
                for: drop,
                environment: environment,
                logger: Self.logger(verbose: options.verbose)
            )
        } catch {
            printError("remessa \(command): drop \(drop.name): \(error)")
            throw DropExit.configuration
        }
    }

    /// Quiet unless `--verbose`: then the SFTP layer's debug lines go to stderr (they never carry secrets).
    static func logger(verbose: Bool) -> Logger {
        guard verbose else {
            return Logger(label: "remessa.drop") { _ in SwiftLogNoOpLogHandler() }
        }
        var logger = Logger(label: "remessa.drop") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .debug
        return logger
    }

    /// Runs `body` with the transport and closes it afterwards; a failure is printed and becomes the exit status.
    func run<Result>(_ body: (any DropTransport) async throws -> Result) async throws -> Result {
        let result: Result
        do {
            result = try await body(transport)
        } catch {
            await transport.close()
            throw exitCode(for: error)
        }
        await transport.close()
        return result
    }

    /// Prints `error` (its description, which never holds a secret) and returns the exit status it deserves.
    func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case let exit as ExitCode:
            return exit
        case let error as DropTransportError:
            printError("remessa \(command): drop \(drop.name): \(error)")
            return error.code == .notFound ? DropExit.noInput : DropExit.cannotCreate
        case let error as DropLocalFileError:
            printError("remessa \(command): \(error)")
            return error.exitCode
        case let error as POSIXFailure:
            printError("remessa \(command): \(error)")
            return DropExit.localIO
        default:
            printError("remessa \(command): drop \(drop.name) (\(location)): \(error)")
            return DropExit.unavailable
        }
    }

    /// Fails with `message` and `code`, as a subcommand's own check does.
    func fail(_ message: String, _ code: ExitCode) -> ExitCode {
        printError("remessa \(command): \(message)")
        return code
    }

    /// Where the drop is, for messages and headers: `sftp acme@sftp.example.com:22 /srv/drops/acme` or
    /// `local /srv/drops/acme`.
    var location: String {
        switch drop.transport {
        case .local:
            return "local \(drop.path ?? ".")"
        case .sftp(let sftp):
            let root = drop.path.map { " \($0)" } ?? ""
            return "sftp \(sftp.user)@\(sftp.host):\(sftp.port)\(root)"
        }
    }
}
