import Foundation
import RemessaTesting

/// The `http` route's side of a scenario: the gateway's token and webhook-secret files, a listener port for each
/// node, the relay that carries the gateway's delivery reports to a live node, and the gateway, started.
struct GatewaySide {
    let secretFile: String
    let tokenFile: String
    /// Each node's listener port, by node name.
    let ports: [String: Int]
    /// Stop it when the scenario ends.
    let relay: DeliveryReportRelay
    let gateway: TestGateway

    static func start(rig: Rig, root: String, nodes names: [String], logFile: String? = nil) async throws -> GatewaySide
    {
        let secretFile = root + "/webhook-secret"
        let tokenFile = root + "/gateway-token"
        try (FailoverScenario.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        try (FailoverScenario.token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        var ports: [String: Int] = [:]
        for name in names { ports[name] = try FreePort.find() }
        let relay = try DeliveryReportRelay(backends: names.compactMap { ports[$0] })
        let gateway = TestGateway(
            executable: rig.gatewayExecutable,
            configuration: TestGatewayConfiguration(
                token: FailoverScenario.token,
                deliveryReports: .init(
                    baseURL: "http://127.0.0.1:\(relay.port)",
                    route: FailoverScenario.route,
                    secretFile: secretFile
                ),
                logFile: logFile
            )
        )
        do {
            try await gateway.start()
        } catch {
            relay.stop()
            throw error
        }
        return GatewaySide(secretFile: secretFile, tokenFile: tokenFile, ports: ports, relay: relay, gateway: gateway)
    }
}
