import RemessaTesting
import BenchSupport
import Foundation

/// Target 2: the `http` provider against a loopback remessa-test-gateway that posts signed delivery reports back;
/// beside it, wrk POSTing messages to a gateway of its own (no delivery reports to post) in the same run.
struct HTTPScenario {
    static let token = "bench-token-4f1d"
    static let secret = "bench-webhook-secret-9a7c"

    let context: BenchContext
    let messages: Int
    let maxInFlight: Int

    struct Result {
        var rate: SubmissionRate
        var wall: Double
        var cpu: Double
        var statuses: String
        /// SUBMITTED events written: fewer than messages when delivery reports overtook submission commits.
        var submittedEvents: Int
        var wrk: WrkRun
    }

    func run() throws -> Result {
        let root = try context.directory("http")
        let secretFile = root + "/webhook-secret"
        let tokenFile = root + "/gateway-token"
        try (Self.secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        try (Self.token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let listenPort = try FreePort.find()
        let (gateway, port) = try context.startGateway(
            [
                "--token", Self.token, "--dlr-url", "http://127.0.0.1:\(listenPort)", "--route", "gw",
                "--secret-file", secretFile, "--dlr-delay", "200ms",
            ],
            root: root,
            name: "gateway"
        )
        defer { gateway.terminate() }
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
                        timeout: 10s
                        rate: 1000000
                        maxInFlight: \(maxInFlight)

                    """
                )
            ],
            drops: [DaemonConfiguration.Drop(name: "loja1", route: "gw", rows: messages)]
        )
        try configuration.write()
        let daemon = try context.runUntilIdle(configuration, timeout: 600)
        let store = StoreReader(state: configuration.state)
        let rate = SubmissionRate(times: try store.submittedTimes())
        guard rate.count == messages else {
            throw BenchFailure("\(rate.count) messages with a submitted_at in the store, not \(messages)")
        }
        let statuses = try store.statusCounts()
        let submittedEvents = try store.submittedEvents()
        gateway.terminate()

        // The gateway alone under wrk: one message JSON, the bearer token, its id as the idempotency key.
        let (alone, alonePort) = try context.startGateway(["--token", Self.token], root: root, name: "gateway-wrk")
        defer { alone.terminate() }
        let script = root + "/post.lua"
        try """
        wrk.method = "POST"
        wrk.body = '{"id":"1","to":"5511900000001","text":"Olá, sua fatura 1 está disponível no aplicativo",\
        "encoding":"UCS2","segments":1,"correlationId":null,"drop":"loja1","batch":"1"}'
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer \(Self.token)"
        wrk.headers["Idempotency-Key"] = "1"

        """.write(toFile: script, atomically: true, encoding: .utf8)
        let wrk = try WrkRun.run(url: "http://127.0.0.1:\(alonePort)/messages", script: script)
        return Result(
            rate: rate,
            wall: daemon.seconds ?? 0,
            cpu: daemon.cpuSeconds ?? 0,
            statuses: statuses,
            submittedEvents: submittedEvents,
            wrk: wrk
        )
    }
}

extension HTTPScenario.Result {
    func print(messages: Int, maxInFlight: Int) {
        Swift.print(
            """
            2. http provider → remessa-test-gateway on loopback (one POST per message, maxInFlight \(maxInFlight), \
            signed DLRs back after 200 ms): \(grouped(Double(messages))) messages
               QUEUED → SUBMITTED: first → last \(seconds(rate.span)) = \(grouped(rate.perSecond))/s, \
            in \(grouped(Double(rate.commits))) commits
               remessad --until-idle wall time: \(seconds(wall)), CPU \(seconds(cpu)) = \
            \(grouped(cpu / Double(messages) * 1e6)) µs per message (with its DLR); store afterwards: \(statuses), \
            \(grouped(Double(submittedEvents))) SUBMITTED events\
            \(submittedEvents < rate.count ? " (the others' DLRs overtook their submission's commit)" : "")
               the gateway alone under wrk -t2 -c64 -d10s POST /messages: \(wrk.summary)
            """
        )
    }
}
