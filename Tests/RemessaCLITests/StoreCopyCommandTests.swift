import Foundation
import RemessaCore
import RemessaPostgres
import RemessaStore
import RemessaTesting
import Testing

/// `remessa store copy` and the cluster part of `remessa status`, against a real PostgreSQL.
@Suite("store copy and status on a cluster", .timeLimit(.minutes(4)))
struct StoreCopyCommandTests {
    /// `dictionary` without `keys`, for comparing two runs' JSON.
    static func without(_ keys: [String], _ dictionary: [String: Any]) -> NSDictionary {
        var dictionary = dictionary
        for key in keys {
            dictionary[key] = nil
        }
        return dictionary as NSDictionary
    }

    @Test("A single node becomes a cluster: status, batches and batch read the same from PostgreSQL as from SQLite")
    func copiesTheStore() async throws {
        try await SharedPostgres.shared.withDatabase { settings in
            let fixture = try await ClusterFixture(postgres: settings)
            let big = try #require(fixture.content.batches.first)
            let before = try fixture.run(["status", "--format", "json"], .sqlite)
            let batchesBefore = try fixture.run(["batches", "--format", "json"], .sqlite)
            let batchBefore = try fixture.run(["batch", String(big), "--format", "json"], .sqlite)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(before.json["cluster"] == nil, "SQLite keeps today's keys")

            let copy = try fixture.run(["store", "copy"], .cluster)
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.stdout.contains("Copied \(fixture.statePath)/store.sqlite into the PostgreSQL database"))
            #expect(copy.stdout.range(of: #"\nmessage +3045\n"#, options: .regularExpression) != nil, "\(copy.stdout)")
            #expect(copy.stdout.contains("New ids go on after: "))
            #expect(copy.stdout.contains("message 3045"))
            #expect(!copy.stdout.contains(try String(contentsOfFile: settings.passwordFile, encoding: .utf8)))

            let after = try fixture.run(["status", "--format", "json"], .cluster)
            #expect(after.status == 0, "\(after.stderr)")
            #expect(Self.without(["generatedAt", "cluster"], after.json) == Self.without(["generatedAt"], before.json))
            let cluster = try #require(after.json.object("cluster"))
            #expect(cluster.objects("nodes").isEmpty && cluster.objects("leases").isEmpty)
            let batchesAfter = try fixture.run(["batches", "--format", "json"], .cluster)
            #expect(batchesAfter.json as NSDictionary == batchesBefore.json as NSDictionary)
            #expect(batchesAfter.json.objects("batches").count == 4)
            let batchAfter = try fixture.run(["batch", String(big), "--format", "json"], .cluster)
            #expect(batchAfter.json as NSDictionary == batchBefore.json as NSDictionary)

            let again = try fixture.run(["store", "copy"], .cluster)
            #expect(again.status == 69)
            #expect(again.stderr.contains("nothing was copied: the PostgreSQL database already holds a store"))
        }
    }

    @Test("status lists the cluster's nodes and leases, with their ages, in text and JSON; SQLite's text has none")
    func statusShowsTheCluster() async throws {
        try await SharedPostgres.shared.withDatabase { settings in
            let fixture = try await ClusterFixture(postgres: settings, fill: false)
            let copy = try fixture.run(["store", "copy", "--format", "json"], .cluster)
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.json.int("rows") == 0)
            let empty = try fixture.run(["status"], .cluster)
            #expect(empty.stdout.contains("Cluster (PostgreSQL): 0 nodes\nNo node has started on this database yet."))

            try await fixture.withLeases(node: "node-a") { a in
                try await fixture.withLeases(node: "node-b") { b in
                    try await a.registerNode()
                    try await b.registerNode()
                    _ = try await a.acquire(.drop("acme"), ttl: .seconds(60))
                    _ = try await b.acquire(.route("sim"), ttl: .seconds(60))
                    _ = try await a.acquire(.route("kannel"), ttl: .milliseconds(200))
                    try await Task.sleep(for: .milliseconds(600))
                }
            }
            let json = try fixture.run(["status", "--format", "json"], .cluster)
            #expect(json.status == 0, "\(json.stderr)")
            let cluster = try #require(json.json.object("cluster"))
            let nodes = cluster.objects("nodes")
            #expect(nodes.map { $0.string("name") } == ["node-a", "node-b"])
            #expect(nodes.allSatisfy { ($0.double("upForSeconds") ?? -1) >= 0.5 })
            #expect(nodes.allSatisfy { ($0.double("lastSeenSecondsAgo") ?? -1) >= 0 })
            let leases = cluster.objects("leases")
            #expect(
                leases.map { "\($0.string("kind") ?? "") \($0.string("key") ?? "")" } == [
                    "drop acme", "route kannel", "route sim",
                ]
            )
            #expect(leases.map { $0.string("node") } == ["node-a", "node-a", "node-b"])
            #expect(leases.map { $0["expired"] as? Bool } == [false, true, false])
            let tokens = leases.compactMap { $0.int("token") }
            #expect(tokens.count == 3 && Set(tokens).count == 3)
            #expect((leases[0].double("expiresInSeconds") ?? 0) > 50)
            #expect((leases[1].double("expiresInSeconds") ?? 0) < 0)
            #expect((leases[0].double("heldForSeconds") ?? -1) >= 0.5)
            #expect(leases[0].double("renewedSecondsAgo") != nil)

            let text = try fixture.run(["status"], .cluster)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("Cluster (PostgreSQL): 2 nodes"))
            let lines = text.stdout.split(separator: "\n").map(String.init)
            let nodeA = try #require(lines.first { $0.hasPrefix("node-a") })
            #expect(nodeA.contains(" ago") && nodeA.hasSuffix("drop:acme"))
            let expired = try #require(lines.first { $0.hasPrefix("route:kannel") })
            #expect(
                expired.contains("node-a")
                    && expired.range(of: #"EXPIRED \d+s ago$"#, options: .regularExpression) != nil
            )
            let live = try #require(lines.first { $0.hasPrefix("route:sim") })
            #expect(live.contains("node-b") && live.range(of: #"in [45]\ds$"#, options: .regularExpression) != nil)

            let single = try fixture.run(["status"], .sqlite)
            #expect(single.status == 0, "\(single.stderr)")
            #expect(!single.stdout.contains("Cluster"))
        }
    }

    @Test("store copy refuses: no state.postgres (64), a missing store (66), a store a daemon holds (69)")
    func refuses() async throws {
        try await SharedPostgres.shared.withDatabase { settings in
            let fixture = try await ClusterFixture(postgres: settings, fill: false)
            let noPostgres = try fixture.run(["store", "copy"], .sqlite)
            #expect(noPostgres.status == 64)
            #expect(noPostgres.stderr.contains("the configuration names no PostgreSQL database (state.postgres)"))

            let missing = try fixture.run(
                ["store", "copy", "--from", fixture.directory + "/none/store.sqlite"],
                .cluster
            )
            #expect(missing.status == 66)
            #expect(missing.stderr.contains("there is no SQLite store at \(fixture.directory)/none/store.sqlite"))
            let wrongName = try fixture.run(["store", "copy", "--from", fixture.directory + "/x.db"], .cluster)
            #expect(wrongName.status == 64)

            let daemon = try SQLiteStore(directory: fixture.statePath, access: .daemon)
            try withExtendedLifetime(daemon) {
                let held = try fixture.run(["store", "copy", "--from", fixture.statePath + "/store.sqlite"], .cluster)
                #expect(held.status == 69)
                #expect(held.stderr.contains("is in use by a running remessad: stop it, then copy"), "\(held.stderr)")
            }
            let migrations = try await settings.withClient(logger: ClusterFixture.logger) { client in
                try await PostgresSchema.appliedMigrations(client, logger: ClusterFixture.logger)
            }
            #expect(migrations.isEmpty, "refused before the database was touched")
        }
    }
}
