import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging

/// A real HTTP SMS gateway on 127.0.0.1 for tests, benchmarks and the demo: speaks the `http` provider's wire
/// format, counts ids, pushes back, fails or slows down on request, and posts signed delivery reports back.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remessa-test-gateway",
        abstract: "A loopback SMS gateway speaking Remessa's http provider wire format, for tests."
    )

    @Option(help: "The TCP port on 127.0.0.1; 0 picks a free one. Prints `listening on <port>` when ready.")
    var port = 0

    @Option(help: "The bearer token requests must carry (401 otherwise); any when absent.")
    var token: String?

    @Option(name: .customLong("dlr-url"), help: "remessad's base URL, e.g. http://127.0.0.1:8080.")
    var dlrURL: String?

    @Option(help: "The route name in /dlr/<route>.")
    var route: String?

    @Option(name: .customLong("secret-file"), help: "The route's webhookSecret file, to sign delivery reports.")
    var secretFile: String?

    @Option(name: .customLong("dlr-delay"), help: "How long after acceptance a delivery report is posted.")
    var dlrDelay = DurationArgument(.milliseconds(200))

    @Option(name: .customLong("dlr-status"), help: "The contract status delivery reports carry.")
    var dlrStatus = "DELIVERED"

    @Option(name: .customLong("dlr-code"), help: "The code delivery reports carry.")
    var dlrCode = "000"

    @Option(name: .customLong("log-file"), help: "Appends `<id> <http status>` per message received.")
    var logFile: String?

    @Option(help: "ok | throttle | error | slow | reject")
    var mode = GatewayBehaviour.Mode.ok

    @Option(name: .customLong("throttle-every"), help: "Answer 429 (Retry-After: 1) to every Nth request.")
    var throttleEvery = 0

    @Option(name: .customLong("error-rate"), help: "The share of requests answered 503 (0 to 1).")
    var errorRate = 0.0

    @Option(help: "How long each request waits before its answer (250ms, 2s).")
    var delay = DurationArgument(.zero)

    @Option(name: .customLong("log-level"), help: "trace | debug | info | notice | warning | error | critical")
    var logLevel = "warning"

    func validate() throws {
        let reportOptions = [dlrURL, route, secretFile].compactMap { $0 }
        if !reportOptions.isEmpty, reportOptions.count != 3 {
            throw ValidationError("--dlr-url, --route and --secret-file go together")
        }
        if !(0...1).contains(errorRate) {
            throw ValidationError("--error-rate is a share from 0 to 1")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "remessa-test-gateway")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        let behaviour = GatewayBehaviour(mode: mode, throttleEvery: throttleEvery, errorRate: errorRate, delay: delay)
        let state = GatewayState(behaviour: behaviour)
        let log = try logFile.map { try MessageLog(path: $0) }
        let reports = try deliveryReportTarget().map { DeliveryReportPoster(target: $0, state: state) }
        let endpoint = MessageEndpoint(state: state, token: token, log: log, reports: reports, logger: logger)
        let application = Application(
            router: GatewayServer.router(state: state, messages: endpoint),
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: port),
                serverName: nil,
                backlog: 1024
            ),
            onServerRunning: { channel in
                // Unbuffered: the test reads this line while the gateway runs.
                FileHandle.standardOutput.write(Data("listening on \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            logger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { reports?.finish(by: .now + .seconds(10)) }
                // Returns on SIGTERM or SIGINT, once open requests are answered.
                try await application.runService()
            }
            if let reports {
                group.addTask { await reports.run(client: HTTPClient.shared) }
            }
            if let log {
                group.addTask { await log.run() }
            }
            // The server, then the reports still pending; the log's flusher is cancelled last.
            try await group.next()
            if reports != nil {
                try await group.next()
            }
            group.cancelAll()
        }
        log?.flush()
    }

    private func deliveryReportTarget() throws -> DeliveryReportPoster.Target? {
        guard let dlrURL, let route, let secretFile else {
            return nil
        }
        guard var secret = FileManager.default.contents(atPath: secretFile).map(Array.init) else {
            throw GatewayError("cannot read the secret file \(secretFile)")
        }
        // As remessad reads secrets: without one trailing line break.
        if secret.last == UInt8(ascii: "\n") {
            secret.removeLast()
            if secret.last == UInt8(ascii: "\r") {
                secret.removeLast()
            }
        }
        let base = dlrURL.hasSuffix("/") ? String(dlrURL.dropLast()) : dlrURL
        return DeliveryReportPoster.Target(
            url: base + "/dlr/" + route,
            secret: secret,
            status: dlrStatus,
            code: dlrCode,
            delay: dlrDelay.duration
        )
    }
}
