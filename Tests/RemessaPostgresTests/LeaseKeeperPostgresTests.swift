import Logging
import PostgresNIO
import RemessaCore
import RemessaPostgres
import RemessaTesting
import Testing

@Suite("LeaseKeeper on a real PostgreSQL: the node's clock stops the work before the database lets the lease go")
struct LeaseKeeperPostgresTests {
    @Test("Renews through the database keep the work going; when they fail, work stops while the lease is still held")
    func stopsBeforeTheDatabaseLetsGo() async throws {
        // A 10 s margin: the checks after the stop run while the database still holds the lease, even on a
        // machine loaded by the whole suite.
        let settings = try LeaseSettings(
            ttl: .seconds(14),
            renewEvery: .seconds(1),
            margin: .seconds(10),
            retryAfter: .milliseconds(200),
            acquireEvery: .seconds(1)
        )
        try await LeasesTests.withTwoNodes { a, b, _ in
            var keeper = LeaseKeeper<ContinuousClock.Instant>(lease: .drop("acme"), settings: settings)
            let lease = keeper.lease
            #expect(keeper.tick(at: .now) == [.tryAcquire])
            let grant = try #require(try await a.acquire(lease, ttl: settings.ttl))
            var queue = keeper.acquired(token: grant.token, validFor: grant.validFor, at: .now)
            #expect(queue.first == .startWork(token: grant.token))
            queue.removeFirst()

            // Perform what the keeper asks, as a runner would: two renews go through, then the database is gone
            // for this node and every renew fails.
            var renewed = 0
            var failed = 0
            var stop: LeaseStopReason?
            while stop == nil, !queue.isEmpty {
                let action = queue.removeFirst()
                switch action {
                case .wakeAt(let wake):
                    // A later wake replaces this one.
                    guard queue.isEmpty else { continue }
                    try await Task.sleep(until: wake, clock: .continuous)
                    queue = keeper.tick(at: .now)
                case .renew(let token) where renewed < 2:
                    let answer = try #require(try await a.renew(lease, token: token, ttl: settings.ttl))
                    renewed += 1
                    queue += keeper.renewed(token: token, validFor: answer.validFor, at: .now)
                case .renew(let token):
                    failed += 1
                    queue += keeper.renewFailed(token: token, at: .now)
                case .stopWork(let token, let reason):
                    #expect(token == grant.token)
                    stop = reason
                default:
                    Issue.record("unexpected \(action)")
                }
            }
            #expect(stop == .expiring)
            #expect(renewed == 2 && failed >= 1, "\(renewed) renews, \(failed) failed")
            #expect(keeper.workingToken == nil)

            // Work stopped, and the database still holds the lease for this node: no one else worked meanwhile.
            let holders = try await b.holders()
            #expect(holders.map(\.node) == ["node-a"])
            #expect(holders.first?.isValid == true, "\(holders)")
            #expect(try await b.acquire(lease, ttl: settings.ttl) == nil)

            // The other node gets it once the database lets it go.
            let deadline = ContinuousClock.now + .seconds(10)
            var takeover: LeaseGrant?
            while takeover == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                takeover = try await b.acquire(lease, ttl: settings.ttl)
            }
            #expect(try #require(takeover).token > grant.token)
        }
    }
}
