import Foundation
import PostgresNIO
import RemessaCore
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

/// Work under a lease writes through the store with its fence (contract section 13): a stale token changes
/// nothing, whatever the write; the holder's renews never wait on its own long writes.
@Suite("Store writes fenced by a lease's token", .serialized, .timeLimit(.minutes(2)))
struct StoreFenceTests {
    @Test("Under the current token a write goes in; under a stale one it throws staleLease and writes nothing")
    func staleTokenWritesNothing() async throws {
        try await StoreKind.postgres.withStore { store in
            let postgres = try #require(store as? PostgresStore)
            let leases = Leases(client: postgres.client, node: "node-a", logger: PostgresTestKit.logger)
            let lease = LeaseKey.drop("acme")
            let grant = try #require(try await leases.acquire(lease, ttl: .seconds(30)))
            let current = StoreFence(lease: lease, token: grant.token)
            let stale = StoreFence(lease: lease, token: grant.token - 1)

            let claimed = try await StoreFence.$current.withValue(current) {
                try await Self.claim(store, name: "a.csv")
            }
            for fence in [stale, StoreFence(lease: .drop("other"), token: grant.token)] {
                await #expect(throws: StoreError.self) {
                    try await StoreFence.$current.withValue(fence) { _ = try await Self.claim(store, name: "b.csv") }
                }
                // A write of one statement is fenced as well.
                do {
                    try await StoreFence.$current.withValue(fence) {
                        try await store.setStage(.claimed, of: claimed.id, at: Date())
                    }
                    Issue.record("a stale fence let a write through")
                } catch let error as StoreError {
                    #expect(error.code == .staleLease, "\(error)")
                }
            }
            let files = try await store.recentFiles(drop: "acme")
            #expect(files.map(\.name) == ["a.csv"])
            #expect(files.first?.stage == .claiming, "the stale stage change wrote nothing")

            // Once the lease is released, the old token is stale too.
            try await leases.release(lease, token: grant.token)
            await #expect(throws: StoreError.self) {
                try await StoreFence.$current.withValue(current) { _ = try await Self.claim(store, name: "c.csv") }
            }
        }
    }

    @Test("A long fenced write holds off no renew of its own lease")
    func renewDuringLongWrite() async throws {
        try await StoreKind.postgres.withStore { store in
            let postgres = try #require(store as? PostgresStore)
            let leases = Leases(client: postgres.client, node: "node-a", logger: PostgresTestKit.logger)
            let lease = LeaseKey.route("gw")
            let grant = try #require(try await leases.acquire(lease, ttl: .seconds(30)))
            let writing = Task {
                try await leases.fenced(lease, token: grant.token) { connection in
                    try await connection.query("SELECT pg_sleep(3)", logger: PostgresTestKit.logger)
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            let clock = ContinuousClock()
            let started = clock.now
            let renewed = try await leases.renew(lease, token: grant.token, ttl: .seconds(30))
            let took = started.duration(to: clock.now)
            #expect(renewed?.token == grant.token)
            #expect(took < .seconds(2), "the renew waited \(took) for the write")
            _ = try await writing.value
        }
    }

    private static func claim(_ store: any Store, name: String) async throws -> (id: Int64, processingName: String) {
        try await store.recordClaimIntent(
            drop: "acme",
            name: name,
            processingName: { "\($0)-\(name)" },
            remoteSize: 10,
            remoteModification: 0,
            kind: .inbox,
            at: Date()
        )
    }
}
