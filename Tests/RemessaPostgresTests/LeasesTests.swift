import Foundation
import Logging
import PostgresNIO
import RemessaCore
import RemessaPostgres
import RemessaTesting
import Testing

@Suite("Leases: two nodes (two pools) on one PostgreSQL, judged on its clock", .timeLimit(.minutes(4)))
struct LeasesTests {
    static let logger = PostgresTestKit.logger

    /// Runs `body` with a migrated sandbox and the leases of two nodes, each on its own pool.
    static func withTwoNodes(_ body: (Leases, Leases, PostgresClient) async throws -> Void) async throws {
        try await PostgresSandbox.withSandbox { sandbox in
            let settings = PostgresTestKit.settings(sandbox)
            try await settings.withClient(logger: Self.logger) { first in
                try await PostgresSchema.migrate(first, logger: Self.logger)
                try await settings.withClient(logger: Self.logger) { second in
                    try await body(
                        Leases(client: first, node: "node-a", logger: Self.logger),
                        Leases(client: second, node: "node-b", logger: Self.logger),
                        first
                    )
                }
            }
        }
    }

    @Test("Two nodes racing for each of 20 leases: exactly one wins each; the other can neither acquire nor renew it")
    func oneWinsTheRace() async throws {
        try await Self.withTwoNodes { a, b, _ in
            let keys = (0..<20).map { LeaseKey.drop("d\($0)") }
            let grants = try await withThrowingTaskGroup(of: (String, LeaseKey, LeaseGrant?).self) { group in
                for key in keys {
                    for node in [a, b] {
                        group.addTask { (node.node, key, try await node.acquire(key, ttl: .seconds(30))) }
                    }
                }
                var grants: [LeaseKey: [(node: String, grant: LeaseGrant)]] = [:]
                for try await (node, key, grant) in group {
                    if let grant { grants[key, default: []].append((node, grant)) }
                }
                return grants
            }
            for key in keys {
                let winners = grants[key] ?? []
                try #require(winners.count == 1, "\(key): \(winners.map(\.node))")
                let (winner, grant) = winners[0]
                #expect(grant.validFor > .seconds(29) && grant.validFor <= .seconds(30))
                let (holder, other) = winner == a.node ? (a, b) : (b, a)
                #expect(try await other.acquire(key, ttl: .seconds(30)) == nil)
                #expect(try await other.renew(key, token: grant.token, ttl: .seconds(30)) == nil)
                let renewed = try #require(try await holder.renew(key, token: grant.token, ttl: .seconds(30)))
                #expect(renewed.token == grant.token)
                #expect(renewed.expiresAt >= grant.expiresAt)
                // The holder itself does not take a second token while its lease is valid.
                #expect(try await holder.acquire(key, ttl: .seconds(30)) == nil)
            }
            let tokens = grants.values.flatMap { $0.map(\.grant.token) }
            #expect(Set(tokens).count == keys.count, "every grant has its own token")
        }
    }

    @Test("After expiry the other node takes over with a higher token; the old holder is lost and fenced out")
    func takeoverAfterExpiry() async throws {
        try await Self.withTwoNodes { a, b, client in
            let key = LeaseKey.route("gw")
            // 8 s: long enough that the checks below run before it ends, even on a loaded machine (a full run on
            // 2 cores once took over 3 s between two statements).
            let first = try #require(try await a.acquire(key, ttl: .seconds(8)))
            #expect(try await b.acquire(key, ttl: .seconds(1)) == nil)
            #expect(try await Self.fencedNotice(a, key, token: first.token, id: "a-1") == .done(1))

            // b keeps asking until the database lets it in.
            let deadline = ContinuousClock.now + .seconds(20)
            var second: LeaseGrant?
            while second == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                second = try await b.acquire(key, ttl: .seconds(10))
            }
            let takeover = try #require(second)
            #expect(takeover.token > first.token)
            // Granted at the database's now() (expiresAt - 10 s), which was past the first lease's expiry.
            #expect(takeover.expiresAt.addingTimeInterval(-10) >= first.expiresAt)

            // The old holder learns it lost the lease, and its writes change nothing.
            #expect(try await a.renew(key, token: first.token, ttl: .seconds(1)) == nil)
            #expect(try await Self.fencedNotice(a, key, token: first.token, id: "a-2") == .stale)
            #expect(try await Self.fencedNotice(b, key, token: takeover.token, id: "b-1") == .done(1))
            #expect(try await PostgresTestKit.strings(client, "SELECT id FROM notice ORDER BY id") == ["a-1", "b-1"])

            // Releasing with the stale token does not free the new holder's lease.
            #expect(try await a.release(key, token: first.token) == false)
            #expect(try await a.acquire(key, ttl: .seconds(1)) == nil)
        }
    }

    @Test("A fenced write that throws rolls back; a stale token runs nothing at all")
    func fencedRollsBack() async throws {
        struct Planned: Error {}
        try await Self.withTwoNodes { a, _, client in
            let key = LeaseKey.drop("acme")
            let grant = try #require(try await a.acquire(key, ttl: .seconds(30)))
            await #expect(throws: (any Error).self) {
                _ = try await a.fenced(key, token: grant.token) { connection in
                    try await Self.insertNotice("rolled-back", on: connection)
                    throw Planned()
                }
            }
            let ran = try await a.fenced(key, token: grant.token + 1000) { _ in true }
            #expect(ran == .stale)
            #expect(try await PostgresTestKit.strings(client, "SELECT count(*)::text FROM notice") == ["0"])
        }
    }

    @Test("A fenced write in progress holds off a takeover until it commits")
    func fencedWriteHoldsOffTakeover() async throws {
        try await Self.withTwoNodes { a, b, client in
            let key = LeaseKey.drop("acme")
            // The write checks its token well inside the 5 s lease, and sleeps past its end (but under the 10 s
            // lock_timeout b's takeover waits with), even on a loaded machine.
            let grant = try #require(try await a.acquire(key, ttl: .seconds(5)))
            let writing = Task {
                try await Self.fencedNotice(a, key, token: grant.token, id: "slow", pause: 8)
            }
            // The write passed its check and sleeps in its transaction; then the lease runs out.
            try await Self.waitUntil(
                client,
                "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
            )
            try await Self.waitUntil(client, "SELECT now() > expires_at FROM lease WHERE token = \(grant.token)")
            // b's takeover waits for the write to commit: the row is there as soon as b holds the lease.
            let takeover = try #require(try await b.acquire(key, ttl: .seconds(10)))
            #expect(takeover.token > grant.token)
            #expect(try await PostgresTestKit.strings(client, "SELECT id FROM notice") == ["slow"])
            #expect(try await writing.value == .done(1))
        }
    }

    @Test("A release lets the other node acquire at once")
    func releaseFreesAtOnce() async throws {
        try await Self.withTwoNodes { a, b, _ in
            let key = LeaseKey.drop("acme")
            let grant = try #require(try await a.acquire(key, ttl: .seconds(30)))
            #expect(try await b.acquire(key, ttl: .seconds(30)) == nil)
            #expect(try await a.release(key, token: grant.token))
            let next = try #require(try await b.acquire(key, ttl: .seconds(30)))
            #expect(next.token > grant.token)
            #expect(try await a.renew(key, token: grant.token, ttl: .seconds(30)) == nil)
        }
    }

    @Test("holders() lists each lease with its node, token and ages; nodes() lists the nodes")
    func holdersAndNodes() async throws {
        try await Self.withTwoNodes { a, b, _ in
            try await a.registerNode()
            try await b.registerNode()
            let drop = try #require(try await a.acquire(.drop("acme"), ttl: .seconds(30)))
            let route = try #require(try await b.acquire(.route("gw"), ttl: .seconds(1)))
            try await Task.sleep(for: .milliseconds(1100))
            try await a.touchNode()
            let holders = try await b.holders()
            #expect(holders.map(\.lease) == [.drop("acme"), .route("gw")])
            #expect(holders.map(\.node) == ["node-a", "node-b"])
            #expect(holders.map(\.token) == [drop.token, route.token])
            #expect(holders.map(\.isValid) == [true, false], "the route's lease ran out and stays listed")
            #expect(holders[0].heldFor >= .seconds(1) && holders[0].heldFor < .seconds(10))
            #expect(holders[0].expiresIn > .seconds(20) && holders[0].expiresIn <= .seconds(29))
            #expect(holders[1].renewedAgo >= .seconds(1))
            let nodes = try await a.nodes()
            #expect(nodes.map(\.name) == ["node-a", "node-b"])
            #expect(nodes[0].seenAgo < nodes[1].seenAgo && nodes[0].upFor >= .seconds(1), "\(nodes)")
            #expect(nodes[1].seenAgo >= .seconds(1), "\(nodes)")
        }
    }

    /// Waits (up to 30 s: a loaded machine) until `sql` answers true.
    static func waitUntil(_ client: PostgresClient, _ sql: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await PostgresTestKit.strings(client, "SELECT (\(sql))::text") != ["true"] {
            try #require(ContinuousClock.now < deadline, "timed out waiting for: \(sql)")
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Inserts a notice row `id` through `leases.fenced`, optionally sleeping `pause` seconds inside the
    /// transaction; answers the rows inserted.
    static func fencedNotice(
        _ leases: Leases,
        _ lease: LeaseKey,
        token: Int64,
        id: String,
        pause: Double = 0
    ) async throws -> FencedOutcome<Int> {
        try await leases.fenced(lease, token: token) { connection in
            try await Self.insertNotice(id, on: connection)
            if pause > 0 {
                try await connection.query("SELECT pg_sleep(\(pause))", logger: Self.logger)
            }
            return 1
        }
    }

    static func insertNotice(_ id: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
            VALUES (\(id), 'acme', 'test', '{}', 0, 0)
            """,
            logger: Self.logger
        )
    }
}
