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

    @Option(
        name: .long,
        help:
            "This node's name: its spool is <state.path>/<NAME>/ (default: the host name with PostgreSQL, else spool)."
    )
    var node: String?

    @Option(name: .long, help: "HOST:PORT for the HTTP listener, instead of the configuration's http.listen.")
    var listen: String?

    func validate() throws {
        if let node, !Daemon.isValidNodeName(node) {
            throw ValidationError(
                "--node must be 1 to 64 of a-z, 0-9, '.', '_', '-', start with a letter or digit, "
                    + "and not be 'spool' or start with 'store'"
            )
        }
        if let listen, HTTPConfiguration(listen: listen) == nil {
            throw ValidationError("--listen must be HOST:PORT such as 127.0.0.1:8080 or [::1]:8080")
        }
    }

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
        var configuration: RemessaConfiguration
        do {
            configuration = try RemessaConfiguration.load(path: config, environment: variables)
        } catch {
            FileHandle.standardError.write(Data("remessad: \(config): the configuration has errors\n\(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        // Several nodes may share one configuration file, and one machine (contract §13).
        if let listen, let http = HTTPConfiguration(listen: listen) { configuration.http = http }
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
        // A node of a cluster is named after its host unless told otherwise; a single node keeps `spool`.
        var node = self.node
        if node == nil, configuration.state.postgres != nil {
            guard let hostNode = Daemon.defaultNodeName() else {
                throw ValidationError(
                    "the host name \(ProcessInfo.processInfo.hostName) cannot name a node: pass --node"
                )
            }
            node = hostNode
        }
        let daemon = Daemon(
            configurationPath: config,
            configuration: configuration,
            variables: variables,
            logger: logger,
            node: node
        )
        if untilIdle {
            let status = try await daemon.runUntilIdle()
            if status != 0 { throw ExitCode(status) }
        } else {
            try await daemon.run()
        }
    }
}
