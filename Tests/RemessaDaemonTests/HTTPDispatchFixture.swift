import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization
import Testing

/// A real `remessad` (child process) whose local drop `acme` is routed to an `http` route `gw`, POSTing to a real
/// `remessa-test-gateway` that posts signed delivery reports back to remessad's listener.
struct HTTPDispatchFixture {
    static let remessad = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("remessad").path
    static let routeName = "gw"

    let fixture: DaemonFixture
    let drop: String
    let listenPort: Int
    /// The gateway's bearer token, this fixture's own: a remessad of another test still sending to a port this
    /// gateway reuses is refused, never counted here.
    let token = "gw-token-\(UUID().uuidString.prefix(8))"
    let gateway: TestGateway
    /// The route's keys as written in the YAML.
    let route: [String: String]
    var root: String { fixture.root }
    var maxInFlight: Int { Int(route["maxInFlight"] ?? "") ?? 0 }

    /// The route keys every test starts from; `route` overrides or adds to them.
    static let defaultRoute = [
        "rate": "2000", "burst": "200", "maxInFlight": "32", "timeout": "2s", "maxAttempts": "100",
        "retryBackoff": "100ms", "retryBackoffMax": "2s", "circuitFailures": "5", "circuitOpenFor": "2s",
    ]

    /// Starts the gateway (as `gateway` adjusts its configuration) and writes remessad's configuration; `drop`
    /// adds keys to the drop's YAML.
    init(
        route: [String: String] = [:],
        drop dropKeys: [String: String] = [:],
        gateway adjust: (inout TestGatewayConfiguration) -> Void = { _ in }
    ) async throws {
        fixture = try DaemonFixture()
        drop = try fixture.localDrop("acme")
        listenPort = try FreePort.find()
        self.route = Self.defaultRoute.merging(route) { _, new in new }
        let secretFile = fixture.root + "/webhook-secret"
        let tokenFile = fixture.root + "/gateway-token"
        // Written as editors leave them, with a trailing line break that neither side may sign or send.
        try "s3cr3t-\(UUID().uuidString)\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        try token.appending("\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        var configuration = TestGatewayConfiguration(
            token: token,
            deliveryReports: .init(
                baseURL: "http://127.0.0.1:\(listenPort)",
                route: Self.routeName,
                secretFile: secretFile
            ),
            logFile: fixture.root + "/gateway.log"
        )
        adjust(&configuration)
        gateway = TestGateway(configuration: configuration)
        try await gateway.start()
        let routeYAML = self.route.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)\n" }.joined()
        let dropYAML = dropKeys.sorted { $0.key < $1.key }.map { "\n    \($0.key): \($0.value)" }.joined()
        _ = try fixture.configuration(
            """
            http:
              listen: 127.0.0.1:\(listenPort)
            routes:
              \(Self.routeName):
                provider: http
                url: \(try gateway.messagesURL)
                tokenFile: \(tokenFile)
                webhookSecret: \(secretFile)
            \(routeYAML)drops:

            """
                + localDropYAML(
                    "acme",
                    path: drop,
                    extra: """
                            template: "Oi @Nome, sua fatura chegou"
                            route: \(Self.routeName)
                            dlrInterval: 1s
                            stateWindows: {}
                        """ + dropYAML
                )
        )
    }

    func remove() {
        fixture.remove()
    }

    /// Writes `count` contacts (São Paulo mobiles, no send-window restriction) as `inbox/<name>`.
    func contacts(_ count: Int, name: String = "contatos.csv", first: Int = 0) throws {
        var text = "telefone;nome\n"
        for index in first..<(first + count) {
            text += "55119\(String(format: "%08d", index));Cliente \(index)\n"
        }
        try text.write(toFile: drop + "/inbox/" + name, atomically: true, encoding: .utf8)
    }

    /// Starts remessad with `--until-idle`, or as the service (until SIGTERM) with `untilIdle` false.
    func startDaemon(logLevel: String = "info", untilIdle: Bool = true) throws -> DaemonProcess {
        try DaemonProcess(
            Self.remessad,
            ["--config", root + "/remessad.yaml"] + (untilIdle ? ["--until-idle"] : []) + ["--log-level", logLevel]
        )
    }

    /// Runs remessad until idle; fails the test on a non-zero exit (printing its last lines) and returns its log.
    @discardableResult
    func runUntilIdle(timeout: Duration = .seconds(120)) async throws -> [String] {
        let daemon = try startDaemon()
        let status = await daemon.waitForExit(timeout: timeout)
        #expect(status == 0, "remessad --until-idle: \(status)\n\(daemon.output.suffix(30).joined(separator: "\n"))")
        return daemon.output
    }

    /// Rows of `outbox/<file>.final.csv`.
    func finalRows(_ file: String = "contatos.csv") throws -> [FinalRow] {
        try DaemonFixture.rows(drop + "/outbox/" + file + ".final.csv").map(FinalRow.init)
    }

    /// Rows of every `outbox/<file>.dlr.NNNN.csv`, in file order.
    func deliveryReportRows(_ file: String = "contatos.csv") throws -> [[String]] {
        let names = DaemonFixture.files(in: drop + "/outbox").filter { $0.hasPrefix(file + ".dlr.") }
        return try names.flatMap { try DaemonFixture.rows(drop + "/outbox/" + $0) }
    }

    /// The store's terminal events per message id, over every batch.
    func terminalEvents() async throws -> (messages: Int, terminalEvents: [Int64: Int]) {
        try await Self.terminalEvents(in: SQLiteStore(directory: fixture.statePath, access: .operator))
    }

    /// `store`'s messages over every batch, and the terminal events of each message id.
    static func terminalEvents(in store: any Store) async throws -> (messages: Int, terminalEvents: [Int64: Int]) {
        var messages = 0
        var counts: [Int64: Int] = [:]
        for batch in try await store.batches() {
            messages += batch.messages
            let ids = Mutex<[Int64]>([])
            try await store.forEachMessage(batchID: batch.id) { message in ids.withLock { $0.append(message.id) } }
            for id in ids.withLock({ $0 }) {
                counts[id] = 0
            }
            let last = try await store.lastEventSequence(batchID: batch.id)
            guard last > 0 else { continue }
            for event in try await store.events(batchID: batch.id, in: 1...last) where event.status.isTerminal {
                counts[event.messageID, default: 0] += 1
            }
        }
        return (messages, counts)
    }

    /// Ids the gateway logged more than once, and ids it accepted more than once.
    func gatewayRepeats() throws -> (posted: [String: [Int]], acceptedTwice: [String]) {
        var statuses: [String: [Int]] = [:]
        for entry in try gateway.loggedMessages() {
            statuses[entry.id, default: []].append(entry.status)
        }
        let repeated = statuses.filter { $0.value.count > 1 }
        return (repeated, repeated.filter { $0.value.filter { $0 == 200 }.count > 1 }.map(\.key).sorted())
    }
}

/// One row of a final file (contract section 6).
struct FinalRow {
    var line: String
    var destination: String
    var messageID: String
    var status: String

    init(_ cells: [String]) {
        line = cells.count > 0 ? cells[0] : ""
        destination = cells.count > 1 ? cells[1] : ""
        messageID = cells.count > 3 ? cells[3] : ""
        status = cells.count > 4 ? cells[4] : ""
    }
}
