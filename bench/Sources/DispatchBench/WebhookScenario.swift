import RemessaTesting
import BenchSupport
import Foundation

/// Target 4: remessad in daemon mode takes signed delivery reports on `POST /dlr/<route>` from wrk, for a batch it
/// submitted to a gateway that posts none itself; beside it, wrk on remessad's `/healthz` (the listener's ceiling).
struct WebhookScenario {
    let context: BenchContext
    let messages: Int

    struct Result {
        var submitted: SubmissionRate
        var deliveryReports: WrkRun
        var health: WrkRun
        var delivered: Int
        var statuses: String
    }

    func run() throws -> Result {
        let root = try context.directory("webhook")
        let secretFile = root + "/webhook-secret"
        let tokenFile = root + "/gateway-token"
        try (HTTPScenario.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        try (HTTPScenario.token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let (gateway, port) = try context.startGateway(["--token", HTTPScenario.token], root: root, name: "gateway")
        defer { gateway.terminate() }
        let listenPort = try FreePort.find()
        let configuration = DaemonConfiguration(
            root: root,
            listenPort: listenPort,
            routes: [
                (
                    "gw",
                    """
                        provider: http
                        url: http://127.0.0.1:\(port)/messages
                        tokenFile: \(tokenFile)
                        webhookSecret: \(secretFile)
                        rate: 1000000
                        maxInFlight: 64

                    """
                )
            ],
            drops: [DaemonConfiguration.Drop(name: "loja1", route: "gw", rows: messages)]
        )
        try configuration.write()
        let daemon = try context.startDaemon(configuration, untilIdle: false)
        defer { daemon.terminate() }
        let store = StoreReader(state: configuration.state)

        // Every message submitted, none reported yet.
        let deadline = ContinuousClock.now + .seconds(300)
        while try store.number("SELECT count(*) FROM message WHERE status = 'SUBMITTED'") < Double(messages) {
            if let status = daemon.wait(timeout: 0) {
                throw BenchFailure("remessad exited with \(status):\n\(daemon.tail())")
            }
            guard ContinuousClock.now < deadline else {
                throw BenchFailure("not every message SUBMITTED within 300 s: \(try store.statusCounts())")
            }
            usleep(250_000)
        }
        let submitted = SubmissionRate(times: try store.submittedTimes())
        let ids = try store.rows("SELECT id FROM message ORDER BY id").compactMap { $0.first.flatMap(Int64.init) }
        let script = try DeliveryReportScript.write(
            ids: ids,
            route: "gw",
            secret: HTTPScenario.secret,
            root: root,
            threads: 2
        )
        let reports = try WrkRun.run(url: "http://127.0.0.1:\(listenPort)/dlr/gw", script: script)
        let health = try WrkRun.run(url: "http://127.0.0.1:\(listenPort)/healthz")
        let status = daemon.terminate()
        guard status == 0 else { throw BenchFailure("remessad exited with \(status) on SIGTERM:\n\(daemon.tail())") }
        let delivered = Int(try store.number("SELECT count(*) FROM message WHERE status = 'DELIVERED'"))
        return Result(
            submitted: submitted,
            deliveryReports: reports,
            health: health,
            delivered: delivered,
            statuses: try store.statusCounts()
        )
    }
}

extension WebhookScenario.Result {
    func print(messages: Int) {
        Swift.print(
            """
            4. delivery report webhook: remessad (daemon mode) with \(grouped(Double(messages))) messages SUBMITTED \
            (at \(grouped(submitted.perSecond))/s) to a gateway that posts no reports;
               wrk -t2 -c64 -d10s POST /dlr/gw cycling through \(grouped(Double(messages))) signed reports: \
            \(deliveryReports.summary)
               wrk -t2 -c64 -d10s GET /healthz on the same listener: \(health.summary)
               store afterwards (SIGTERM, exit 0): \(statuses) (\(grouped(Double(delivered))) of \
            \(grouped(Double(messages))) DELIVERED)
            """
        )
    }
}
