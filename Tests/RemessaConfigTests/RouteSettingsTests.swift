import Foundation
import RemessaConfig
import RemessaCore
import Testing

@Suite("Route retries, simulator settings, HTTP Basic and webhook secrets")
struct RouteSettingsTests {
    @Test("retry and circuit keys on any route")
    func retry() throws {
        let configuration = try parse(
            """
            routes:
              s:
                provider: simulator
                maxAttempts: 3
                retryBackoff: 500ms
                retryBackoffMax: 1m
                circuitFailures: 5
                circuitOpenFor: 30s
              d:
                provider: simulator
            """
        )
        #expect(
            configuration.routes["s"]?.retry
                == RetrySettings(
                    maxAttempts: 3,
                    backoff: .milliseconds(500),
                    backoffMax: .seconds(60),
                    circuitFailures: 5,
                    circuitOpenFor: .seconds(30)
                )
        )
        #expect(configuration.routes["d"]?.retry == RetrySettings())
    }

    @Test("bad retry values name their paths")
    func badRetry() throws {
        let error = try #require(
            failure(
                """
                routes:
                  s:
                    provider: simulator
                    maxAttempts: 101
                    retryBackoff: 10
                    circuitFailures: 0
                    circuitOpenFor: soon
                """
            )
        )
        #expect(
            error.issues.map(\.path) == [
                "routes.s.maxAttempts", "routes.s.retryBackoff", "routes.s.circuitFailures", "routes.s.circuitOpenFor",
            ]
        )
        #expect(error.issues[0].message == "must be between 1 and 100, found 101")
        #expect(error.issues[1].message.contains("add a unit, e.g. \"10s\""))
    }

    @Test("the backoff ceiling may not be below the first backoff")
    func backoffOrder() throws {
        let both = try #require(
            failure("routes:\n  s:\n    provider: simulator\n    retryBackoff: 10s\n    retryBackoffMax: 5s\n")
        )
        #expect(both.description == "routes.s.retryBackoffMax: must be at least `retryBackoff` (10s), found \"5s\"")
        let defaultCeiling = try #require(failure("routes:\n  s:\n    provider: simulator\n    retryBackoff: 10m\n"))
        #expect(defaultCeiling.issues.map(\.path) == ["routes.s.retryBackoff"])
        #expect(defaultCeiling.issues.first?.message.contains("`retryBackoffMax` (5m by default)") == true)
        let equal = try parse("routes:\n  s:\n    provider: simulator\n    retryBackoff: 5m\n")
        #expect(equal.routes["s"]?.retry.backoff == .seconds(300))
        #expect(equal.routes["s"]?.retry.backoffMax == .seconds(300))
    }

    @Test("a simulator block with every key")
    func simulator() throws {
        let configuration = try parse(
            """
            routes:
              s:
                provider: simulator
                simulator:
                  delivered: 90
                  notDelivered: 5
                  expired: 2
                  carrierRejected: 2.5
                  invalidNumber: 0.5
                  submitLatency: 0ms
                  dlrDelay: 250ms
                  failureEvery: 1m
                  failureFor: 5s
                  ceiling: 1500.5
                  seed: 42
            """
        )
        #expect(
            configuration.routes["s"]?.simulator
                == SimulatorSettings(
                    delivered: 90,
                    notDelivered: 5,
                    expired: 2,
                    carrierRejected: 2.5,
                    invalidNumber: 0.5,
                    submitLatency: .zero,
                    dlrDelay: .milliseconds(250),
                    ceiling: 1500.5,
                    failureEvery: .seconds(60),
                    failureFor: .seconds(5),
                    seed: 42
                )
        )
    }

    @Test("naming one outcome share sets the others to 0; an empty block keeps the defaults")
    func outcomeShares() throws {
        let only = try parse("routes:\n  s:\n    provider: simulator\n    simulator: {delivered: 1}\n")
        let settings = try #require(only.routes["s"]?.simulator)
        #expect(settings.delivered == 1)
        #expect(
            [settings.notDelivered, settings.expired, settings.carrierRejected, settings.invalidNumber] == [0, 0, 0, 0]
        )
        #expect(settings.submitLatency == SimulatorSettings().submitLatency)
        let empty = try parse("routes:\n  s:\n    provider: simulator\n    simulator: {}\n")
        #expect(empty.routes["s"]?.simulator == SimulatorSettings())
        let null = try parse("routes:\n  s:\n    provider: simulator\n    simulator:\n")
        #expect(null.routes["s"]?.simulator == SimulatorSettings())
    }

    @Test("bad simulator values name their paths")
    func badSimulator() throws {
        let error = try #require(
            failure(
                """
                routes:
                  s:
                    provider: simulator
                    simulator:
                      delivered: -1
                      expired: lots
                      dlrDelay: -5s
                      ceiling: 0
                      seed: -3
                      failRate: 0.1
                      dlrdelay: 1s
                """
            )
        )
        #expect(
            error.description == """
                routes.s.simulator.delivered: must be 0 or more, found -1
                routes.s.simulator.expired: expected a number, found "lots"
                routes.s.simulator.dlrDelay: must be longer than zero, found "-5s"
                routes.s.simulator.ceiling: must be greater than 0, found 0
                routes.s.simulator.seed: must be at least 0, found -3
                routes.s.simulator.failRate: unknown key
                routes.s.simulator.dlrdelay: unknown key; did you mean `dlrDelay`?
                """
        )
    }

    @Test("the outcome shares may not all be 0, and outages must end")
    func impossibleSimulator() throws {
        let zeros = try #require(
            failure("routes:\n  s:\n    provider: simulator\n    simulator: {delivered: 0, expired: 0}\n")
        )
        #expect(zeros.issues.map(\.path) == ["routes.s.simulator"])
        #expect(zeros.issues.first?.message.contains("must not all be 0") == true)
        let endless = try #require(
            failure("routes:\n  s:\n    provider: simulator\n    simulator: {failureEvery: 10s, failureFor: 10s}\n")
        )
        #expect(endless.issues.map(\.path) == ["routes.s.simulator.failureFor"])
        #expect(endless.issues.first?.message.contains("must be shorter than `failureEvery` (10s)") == true)
        let lonely = try #require(failure("routes:\n  s:\n    provider: simulator\n    simulator: {failureFor: 1s}\n"))
        #expect(lonely.issues.map(\.path) == ["routes.s.simulator.failureEvery"])
        #expect(lonely.codes == [.missingKey])
        let defaultOutage = try parse("routes:\n  s:\n    provider: simulator\n    simulator: {failureEvery: 1h}\n")
        #expect(defaultOutage.routes["s"]?.simulator.failureEvery == .seconds(3600))
        #expect(defaultOutage.routes["s"]?.simulator.failureFor == SimulatorSettings().failureFor)
    }

    @Test("a simulator block only on simulator routes")
    func simulatorElsewhere() throws {
        let error = try #require(
            failure(
                "routes:\n  h:\n    provider: http\n    url: http://x\n    webhookSecret: /dev/null\n"
                    + "    simulator: {seed: 1}\n"
            )
        )
        #expect(error.description == "routes.h.simulator: unknown key; `simulator` applies only to `simulator` routes")
    }

    @Test("benchmark rates: a million per second, a burst capped at a million, nothing overflows")
    func largeRates() throws {
        let million = try parse("routes:\n  s:\n    provider: simulator\n    rate: 1000000\n")
        #expect(million.routes["s"]?.rate == 1_000_000)
        #expect(million.routes["s"]?.burst == 1_000_000)
        let billion = try parse("routes:\n  s:\n    provider: simulator\n    rate: 1e9\n")
        #expect(billion.routes["s"]?.rate == 1e9)
        #expect(billion.routes["s"]?.burst == 1_000_000)
        let explicit = try parse("routes:\n  s:\n    provider: simulator\n    rate: 1e9\n    burst: 5000000\n")
        #expect(explicit.routes["s"]?.burst == 5_000_000)
        let fractional = try parse("routes:\n  s:\n    provider: simulator\n    rate: 0.2\n")
        #expect(fractional.routes["s"]?.burst == 1)
        let tooFast = try #require(failure("routes:\n  s:\n    provider: simulator\n    rate: 1e300\n"))
        #expect(tooFast.description == "routes.s.rate: must be at most 1000000000, found 1e300")
    }

    @Test("http routes: HTTP Basic instead of a bearer token")
    func httpBasic() throws {
        let configuration = try parse(
            """
            routes:
              h:
                provider: http
                url: https://sms.example.com/send
                username: acme
                passwordFile: /dev/null
                webhookSecret: /dev/null
            """
        )
        let route = try #require(configuration.routes["h"])
        #expect(route.username == "acme")
        #expect(route.passwordFile == .file("/dev/null"))
        #expect(route.tokenFile == nil)
        #expect(route.webhookSecret == .file("/dev/null"))
    }

    @Test("http routes: Basic and Bearer exclude each other; Basic needs both halves")
    func httpBasicProblems() throws {
        let http = "routes:\n  h:\n    provider: http\n    url: http://x\n    webhookSecret: /dev/null\n"
        let both = try #require(
            failure(http + "    tokenFile: /dev/null\n    username: acme\n    passwordFile: /dev/null\n")
        )
        #expect(both.codes == [.conflictingKeys])
        #expect(both.issues.map(\.path) == ["routes.h.username"])
        #expect(
            both.issues.first?.message
                == "use either `tokenFile` (Bearer) or `username` and `passwordFile` (HTTP Basic), not both"
        )
        let userOnly = try #require(failure(http + "    username: acme\n"))
        #expect(userOnly.issues.map(\.path) == ["routes.h.passwordFile"])
        #expect(userOnly.codes == [.missingKey])
        let passwordOnly = try #require(failure(http + "    passwordFile: /dev/null\n"))
        #expect(passwordOnly.issues.map(\.path) == ["routes.h.username"])
    }

    @Test("kannel routes take an optional webhookSecret")
    func kannelWebhookSecret() throws {
        let kannel = """
            routes:
              k:
                provider: kannel
                url: http://127.0.0.1:13013/cgi-bin/sendsms
                username: remessa
                passwordFile: /dev/null
                dlrUrl: http://127.0.0.1:8080

            """
        #expect(try parse(kannel).routes["k"]?.webhookSecret == nil)
        let withSecret = try parse(kannel + "    webhookSecret: /dev/null\n")
        #expect(withSecret.routes["k"]?.webhookSecret == .file("/dev/null"))
        let missing = try #require(failure(kannel + "    webhookSecret: /nonexistent/remessa-secret\n"))
        #expect(missing.issues.map(\.path) == ["routes.k.webhookSecret"])
        #expect(missing.codes == [.missingSecret])
    }
}
