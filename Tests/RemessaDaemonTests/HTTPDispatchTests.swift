import Foundation
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// remessad sends through a real `http` gateway on loopback (`remessa-test-gateway`) and takes its signed delivery
/// reports: the happy path, push-back, server errors, timeouts and an outage.
@Suite("HTTP dispatch through a real gateway", .serialized, .timeLimit(.minutes(5)))
struct HTTPDispatchTests {
    /// Every message ends DELIVERED in the final file exactly once, and the gateway accepted each id exactly once.
    static func expectAllDelivered(_ fixture: HTTPDispatchFixture, count: Int) throws {
        let rows = try fixture.finalRows()
        #expect(rows.count == count)
        #expect(
            rows.filter { $0.status == "DELIVERED" }.count == count,
            "\(Dictionary(grouping: rows, by: \.status).mapValues(\.count))"
        )
        #expect(Set(rows.map(\.line)).count == count)
        let accepted = try fixture.gateway.acceptedCounts()
        #expect(accepted.count == count, "the gateway accepted \(accepted.count) distinct ids")
    }

    @Test("500 messages: each POSTed once, each DELIVERED, the delivery reports in the DLR files")
    func happyPath() async throws {
        let fixture = try await HTTPDispatchFixture()
        defer { fixture.remove() }
        try fixture.contacts(500)
        try await fixture.runUntilIdle()

        try Self.expectAllDelivered(fixture, count: 500)
        let logged = try fixture.gateway.loggedMessages()
        #expect(logged.count == 500, "every id POSTed once")
        #expect(logged.allSatisfy { $0.status == 200 })
        let stats = try await fixture.gateway.stats()
        #expect(stats.requests == 500)
        #expect(stats.duplicates == 0)
        #expect(stats.dlrsSent == 500)
        #expect(stats.dlrsFailed == 0, "every signed report was taken at once")

        // The final file and the DLR files name the same message ids; each DELIVERED event is listed once.
        let finalIDs = Set(try fixture.finalRows().map(\.messageID))
        let reports = try fixture.deliveryReportRows()
        let delivered = reports.filter { $0.count > 4 && $0[4] == "DELIVERED" }
        #expect(delivered.count == 500)
        #expect(Set(delivered.map { $0[0] }) == finalIDs)
        #expect(Set(logged.map(\.id)).count == 500)
    }

    @Test("Every 5th request answered 429: the route slows down, everything still ends DELIVERED, accepted once")
    func throttled() async throws {
        let fixture = try await HTTPDispatchFixture { $0.throttleEvery = 5 }
        defer { fixture.remove() }
        try fixture.contacts(300)
        let output = try await fixture.runUntilIdle(timeout: .seconds(180))

        try Self.expectAllDelivered(fixture, count: 300)
        let stats = try await fixture.gateway.stats()
        #expect(stats.throttled > 0)
        #expect(stats.duplicates == 0)
        #expect(output.contains { $0.contains("The gateway pushes back") }, "the route noticed the push-back")
        // Only throttled ids were POSTed again.
        let repeats = try fixture.gatewayRepeats()
        #expect(repeats.acceptedTwice.isEmpty)
        #expect(repeats.posted.values.allSatisfy { $0.contains(429) })
        print("throttled: \(stats.throttled) of \(stats.requests) requests, \(repeats.posted.count) ids resent")
    }

    @Test("A fifth of requests answered 503: retried until DELIVERED; only ids that got a 503 are POSTed again")
    func serverErrors() async throws {
        let fixture = try await HTTPDispatchFixture { $0.errorRate = 0.2 }
        defer { fixture.remove() }
        try fixture.contacts(500)
        try await fixture.runUntilIdle()

        try Self.expectAllDelivered(fixture, count: 500)
        let stats = try await fixture.gateway.stats()
        #expect(stats.errors > 0)
        #expect(stats.duplicates == 0)
        let repeats = try fixture.gatewayRepeats()
        #expect(repeats.acceptedTwice.isEmpty)
        #expect(repeats.posted.values.allSatisfy { $0.contains(503) }, "only ids that got a 503 were resent")
        #expect(repeats.posted.count > 0)
        print("503s: \(stats.errors) of \(stats.requests) requests, \(repeats.posted.count) ids resent")
    }

    @Test("Requests slower than the route's timeout are retried; nothing is lost")
    func timeouts() async throws {
        // Reports come 5 s after acceptance, so a late-accepted message is retried before its report marks it.
        let fixture = try await HTTPDispatchFixture(route: ["timeout": "500ms", "rate": "200", "burst": "20"]) {
            $0.deliveryReports?.delay = .seconds(5)
        }
        defer { fixture.remove() }
        try fixture.contacts(400)
        let daemon = try fixture.startDaemon()
        // Once sending is under way, answer every request after 1.5 s for 2 s, then quickly again.
        try await waitForAccepted(fixture.gateway, atLeast: 60)
        try await fixture.gateway.setMode(.slow, delay: .milliseconds(1500))
        try await Task.sleep(for: .seconds(2))
        try await fixture.gateway.setMode(.ok, delay: .zero)
        let status = await daemon.waitForExit(timeout: .seconds(120))
        #expect(status == 0, "\(daemon.output.suffix(30).joined(separator: "\n"))")

        let rows = try fixture.finalRows()
        #expect(rows.count == 400)
        #expect(rows.allSatisfy { $0.status == "DELIVERED" })
        let accepted = try fixture.gateway.acceptedCounts()
        #expect(accepted.count == 400, "nothing lost")
        let resent = accepted.filter { $0.value > 1 }
        // A request the route gave up on was still accepted late by the gateway, then sent again.
        #expect(resent.count > 0)
        #expect(resent.count <= fixture.maxInFlight * 3, "only requests in flight while slow are resent")
        print("timed out and resent: \(resent.count) ids")
    }

    @Test(
        "The gateway is down for 30 s mid-run: the circuit opens and closes, every message ends DELIVERED",
        .timeLimit(.minutes(3))
    )
    func gatewayOutage() async throws {
        let fixture = try await HTTPDispatchFixture(
            route: ["rate": "100", "burst": "10", "circuitFailures": "3", "circuitOpenFor": "2s", "timeout": "1s"]
        )
        defer { fixture.remove() }
        // 1,200 at 100/s: after the first 300 there are 9 s of sending left for the gateway's stop to land in,
        // even on a loaded machine.
        try fixture.contacts(1200)
        let daemon = try fixture.startDaemon()
        try await waitForAccepted(fixture.gateway, atLeast: 300)
        let stopped = await fixture.gateway.stop()
        #expect(stopped == 0)
        let acceptedBeforeOutage = try fixture.gateway.acceptedCounts().count
        try await Task.sleep(for: .seconds(30))
        #expect(daemon.output.contains { $0.contains("Circuit open") }, "the circuit opened during the outage")
        #expect(daemon.child.exitStatusIfEnded() == nil, "remessad waits for the gateway")
        try await fixture.gateway.start()
        let restarted = ContinuousClock.now
        let status = await daemon.waitForExit(timeout: .seconds(120))
        let recovery = ContinuousClock.now - restarted
        print("outage: remessad finished \(recovery) after the gateway came back")
        // The open circuit probes every `circuitOpenFor` (2 s) and ~900 messages remain at 100/s: once the gateway
        // is back, the route must find it within seconds, not wait out an HTTP client's reconnect backoff.
        #expect(recovery < .seconds(20), "remessad took \(recovery) to finish after the gateway came back")
        #expect(status == 0, "\(daemon.output.suffix(30).joined(separator: "\n"))")

        #expect(daemon.output.contains { $0.contains("Circuit closed") }, "the circuit closed once it answered")
        try Self.expectAllDelivered(fixture, count: 1200)
        let repeats = try fixture.gatewayRepeats()
        print(
            "outage: \(acceptedBeforeOutage) accepted before, \(repeats.acceptedTwice.count) ids accepted twice,",
            "\(repeats.posted.count) ids POSTed more than once"
        )
        #expect(repeats.acceptedTwice.count <= fixture.maxInFlight)
    }
}

/// Waits until the gateway has accepted at least `count` messages (60 s at most).
func waitForAccepted(_ gateway: TestGateway, atLeast count: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while try await gateway.stats().messages < count {
        guard ContinuousClock.now < deadline else {
            throw TestGatewayError("the gateway accepted fewer than \(count) messages in 60 s")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
