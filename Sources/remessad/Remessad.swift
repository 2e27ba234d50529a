import ArgumentParser
import Foundation
import Logging
import RemessaConfig
import RemessaDaemon

/// `remessad`: the Remessa daemon (contract section 7).
@main
struct Remessad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remessad",
        abstract: "Turns files dropped in SFTP folders into SMS batches, and writes results back."
    )

    @Option(name: .long, help: "The YAML configuration.")
    var config: String = "/etc/remessa/remessad.yaml"

    @Flag(name: .long, help: "Process what is in the drops, then exit 0 once every drop is idle.")
    var untilIdle = false

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Flag(name: .long, help: "Validate the configuration, print what it declares, and exit.")
    var checkConfig = false

    @Flag(name: .long, help: "With --check-config: connect to every drop and check its folders.")
    var probe = false

    func run() async throws {
        // Nothing Remessa creates is for other users: files 0640 at most (the store and its lock 0600).
        umask(0o027)
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "remessad")
        let variables = ProcessInfo.processInfo.environment
        let configuration: RemessaConfiguration
        do {
            configuration = try RemessaConfiguration.load(path: config, environment: variables)
        } catch {
            FileHandle.standardError.write(Data("remessad: \(config): the configuration has errors\n\(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        if checkConfig {
            print(ConfigurationReport(configuration: configuration, path: config).text)
            guard probe else { return }
            let reports = await DropProbe(variables: variables, logger: logger).probe(configuration)
            for report in reports {
                print("drop \(report.drop): \(report.passed ? "ok" : "FAILED")")
                for check in report.checks { print("  \(check.passed ? "✓" : "✗") \(check.text)") }
            }
            if reports.contains(where: { !$0.passed }) { throw ExitCode(69) }  // EX_UNAVAILABLE
            return
        }
        let daemon = Daemon(
            configurationPath: config,
            configuration: configuration,
            variables: variables,
            logger: logger
        )
        if untilIdle {
            let status = try await daemon.runUntilIdle()
            if status != 0 { throw ExitCode(status) }
        } else {
            try await daemon.run()
        }
    }
}
