import Foundation
import RemessaConfig
import RemessaCore
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

/// Two or more `remessad` nodes (child processes) on one PostgreSQL database (contract section 13), sharing one
/// configuration: a local drop `acme` routed to an `http` route `gw` on a real `remessa-test-gateway`, whose
/// delivery reports go to the listener of the node named in `reportsTo`.
struct ClusterFixture {
    static let routeName = "gw"

    let fixture: DaemonFixture
    let drop: String
    let gateway: TestGateway
    let configuration: RemessaConfiguration
    /// Each node's listener port, by node name.
    let ports: [String: Int]
    let maxInFlight: Int

    /// Starts the gateway and writes the configuration for nodes `nodes` on the database `postgres`.
    init(postgres: PostgresSettings, nodes: [String], reportsTo: String, rate: Int, maxInFlight: Int) async throws {
        fixture = try DaemonFixture()
        drop = try fixture.localDrop("acme")
        var ports: [String: Int] = [:]
        for node in nodes { ports[node] = try FreePort.find() }
        self.ports = ports
        self.maxInFlight = maxInFlight
        let secretFile = fixture.root + "/webhook-secret"
        let tokenFile = fixture.root + "/gateway-token"
        try "s3cr3t-\(UUID().uuidString)".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let token = "gw-token-\(UUID().uuidString.prefix(8))"
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        gateway = TestGateway(
            configuration: TestGatewayConfiguration(
                token: token,
                deliveryReports: .init(
                    baseURL: "http://127.0.0.1:\(ports[reportsTo] ?? 0)",
                    route: Self.routeName,
                    secretFile: secretFile
                ),
                logFile: fixture.root + "/gateway.log"
            )
        )
        try await gateway.start()
        configuration = try fixture.configuration(
            """
            http:
              listen: 127.0.0.1:1
            routes:
              \(Self.routeName):
                provider: http
                url: \(try gateway.messagesURL)
                tokenFile: \(tokenFile)
                webhookSecret: \(secretFile)
                rate: \(rate)
                burst: \(max(1, rate / 10))
                maxInFlight: \(maxInFlight)
                timeout: 2s
                maxAttempts: 100
                retryBackoff: 100ms
                retryBackoffMax: 2s
            drops:

            """
                + localDropYAML(
                    "acme",
                    path: drop,
                    extra: """
                            template: "Oi @Nome, sua fatura chegou"
                            route: \(Self.routeName)
                            dlrInterval: 1s
                            stateWindows: {}
                        """
                ),
            postgres: postgres
        )
    }

    func remove() async {
        _ = await gateway.stop()
        fixture.remove()
    }

    /// Starts node `name` as the service (until SIGTERM), on its own listener.
    func start(_ name: String) throws -> DaemonProcess {
        try DaemonProcess(
            HTTPDispatchFixture.remessad,
            [
                "--config", fixture.root + "/remessad.yaml", "--node", name,
                "--listen", "127.0.0.1:\(ports[name] ?? 0)", "--log-level", "info",
            ]
        )
    }

    /// Writes `count` contacts (São Paulo mobiles) as `inbox/<name>`.
    func contacts(_ count: Int, name: String) throws {
        var text = "telefone;nome\n"
        for index in 0..<count {
            text += "55119\(String(format: "%08d", index));Cliente \(index)\n"
        }
        try text.write(toFile: drop + "/inbox/" + name, atomically: true, encoding: .utf8)
    }

    /// Waits until `node` logs that it acquired `lease` (`drop:acme`, `route:gw`); answers whether it did.
    static func acquired(_ lease: String, by node: DaemonProcess, timeout: Duration = .seconds(60)) async -> Bool {
        await node.waitForLines(timeout: timeout) { $0.contains("Lease acquired") && $0.contains("=\(lease)") }
    }

    /// Waits until `path` exists (a published file), at most `timeout`.
    static func waitForFile(_ path: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return FileManager.default.fileExists(atPath: path)
    }

    /// Runs `body` with the configured store; a PostgreSQL error comes out with its server message (PSQLError's
    /// own description hides it).
    func withStore<Result>(_ body: (any Store) async throws -> Result) async throws -> Result {
        do {
            return try await fixture.withStore(configuration, body)
        } catch {
            throw ClusterFixtureError(String(reflecting: error))
        }
    }

    /// The store's terminal events per message of every batch, read through the configured store.
    func terminalEvents() async throws -> (files: [FileRecord], messages: Int, terminalEvents: [Int64: Int]) {
        try await withStore { store in
            let (messages, counts) = try await HTTPDispatchFixture.terminalEvents(in: store)
            return (try await store.recentFiles(drop: "acme", limit: 100), messages, counts)
        }
    }

    /// Every lease row: `kind:key` → holder node.
    func leaseHolders() async throws -> [String: String] {
        try await withStore { store in
            let postgres = try #require(store as? PostgresStore)
            let leases = Leases(client: postgres.client, node: "test", logger: fixture.logger)
            var holders: [String: String] = [:]
            for holder in try await leases.holders() where holder.isValid {
                holders[holder.lease.description] = holder.node
            }
            return holders
        }
    }
}

/// A failure of the cluster fixture, with the whole story of its cause.
struct ClusterFixtureError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
