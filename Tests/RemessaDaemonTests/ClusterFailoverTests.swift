import Foundation
import RemessaStore
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several `remessad` nodes on one PostgreSQL (contract section 13): each drop and each route is worked by one
/// node at a time, and a node that stops or dies hands them over.
@Suite("Several nodes on one PostgreSQL", .serialized, .timeLimit(.minutes(4)))
struct ClusterFailoverTests {
    @Test("kill -9 of the drop's and route's holder mid-send: the other takes both over in 30 s; none lost")
    func killHolderMidSend() async throws {
        try await StoreKind.postgres.withStateDatabase { postgres in
            let cluster = try await ClusterFixture(
                postgres: try #require(postgres),
                nodes: ["a", "b"],
                reportsTo: "b",
                rate: 40,
                maxInFlight: 8
            )
            let a = try cluster.start("a")
            var b: DaemonProcess?
            defer {
                for node in [a, b].compactMap({ $0 }) where node.child.exitStatusIfEnded() == nil {
                    node.stop(with: SIGKILL)
                }
            }
            #expect(await ClusterFixture.acquired("drop:acme", by: a), "\(a.output.suffix(20))")
            #expect(await ClusterFixture.acquired("route:gw", by: a), "\(a.output.suffix(20))")
            let survivor = try cluster.start("b")
            b = survivor
            #expect(await survivor.waitForLines { $0.contains("Node joined the cluster") })

            let total = 300
            try cluster.contacts(total, name: "contatos.csv")
            #expect(try await waitForAccepted(cluster.gateway, atLeast: 60, orExitOf: a), "\(a.output.suffix(20))")
            #expect(a.stop(with: SIGKILL) == 128 + SIGKILL)
            let killedAt = ContinuousClock.now
            let sentBeforeKill = try await cluster.gateway.stats().messages

            #expect(await ClusterFixture.acquired("route:gw", by: survivor, timeout: .seconds(45)))
            let routeTakeover = killedAt.duration(to: .now)
            #expect(await ClusterFixture.acquired("drop:acme", by: survivor, timeout: .seconds(45)))
            let dropTakeover = killedAt.duration(to: .now)
            print("cluster failover: route taken over \(routeTakeover), drop \(dropTakeover) after the kill")
            #expect(routeTakeover < .seconds(30), "route taken over after \(routeTakeover)")
            #expect(dropTakeover < .seconds(30), "drop taken over after \(dropTakeover)")

            let final = cluster.drop + "/outbox/contatos.csv.final.csv"
            #expect(
                await ClusterFixture.waitForFile(final, timeout: .seconds(120)),
                "\(survivor.output.suffix(30).joined(separator: "\n"))"
            )
            let stats = try await cluster.gateway.stats()
            #expect(sentBeforeKill < total, "the kill came mid-send")
            #expect(stats.unique == total, "\(stats)")
            print("cluster failover: \(stats.duplicates) submitted twice (maxInFlight \(cluster.maxInFlight))")
            #expect(stats.duplicates <= cluster.maxInFlight, "\(stats)")
            let (files, messages, terminal) = try await cluster.terminalEvents()
            #expect(files.filter { $0.name == "contatos.csv" }.count == 1, "ingested once")
            #expect(messages == total)
            #expect(terminal.count == total && terminal.values.allSatisfy { $0 == 1 }, "each message terminal once")
            #expect(try DaemonFixture.rows(final).count == total)
            #expect(
                DaemonFixture.files(in: cluster.drop + "/outbox").filter { $0.hasSuffix(".final.csv") }
                    == ["contatos.csv.final.csv"]
            )

            #expect(await survivor.stop(with: SIGTERM, timeout: .seconds(60)) == 0)
            #expect(try await cluster.leaseHolders().isEmpty, "a stopped node gives its leases back")
            await cluster.remove()
        }
    }

    @Test("Each lease is held by exactly one node; a node stopped with SIGTERM hands its leases over at once")
    func gracefulHandover() async throws {
        try await StoreKind.postgres.withStateDatabase { postgres in
            let cluster = try await ClusterFixture(
                postgres: try #require(postgres),
                nodes: ["a", "b"],
                reportsTo: "b",
                rate: 200,
                maxInFlight: 8
            )
            // a starts first and takes both leases; b, which takes the gateway's reports, joins after.
            let a = try cluster.start("a")
            #expect(await ClusterFixture.acquired("drop:acme", by: a), "\(a.output.suffix(20))")
            #expect(await ClusterFixture.acquired("route:gw", by: a), "\(a.output.suffix(20))")
            let b = try cluster.start("b")
            defer {
                for node in [a, b] where node.child.exitStatusIfEnded() == nil { node.stop(with: SIGKILL) }
            }
            #expect(await b.waitForLines { $0.contains("Node joined the cluster") })
            // Each lease is held by exactly one node, as the lease table and the nodes' metrics say.
            let holders = try await cluster.leaseHolders()
            #expect(holders == ["drop:acme": "a", "route:gw": "a"], "\(holders)")
            let metrics = try await Self.leaseGauges(ports: Array(cluster.ports.values))
            #expect(metrics["drop"] == 1 && metrics["route"] == 1, "remessa_node_leases over both nodes: \(metrics)")

            // The holder stops: the other takes its leases within one acquire interval, not a lease's ttl.
            #expect(await a.stop(with: SIGTERM, timeout: .seconds(60)) == 0)
            let stoppedAt = ContinuousClock.now
            #expect(await ClusterFixture.acquired("drop:acme", by: b, timeout: .seconds(20)))
            #expect(await ClusterFixture.acquired("route:gw", by: b, timeout: .seconds(20)))
            let handover = stoppedAt.duration(to: .now)
            #expect(handover < .seconds(8), "handed over after \(handover)")

            try cluster.contacts(20, name: "depois.csv")
            #expect(
                await ClusterFixture.waitForFile(cluster.drop + "/outbox/depois.csv.final.csv", timeout: .seconds(60)),
                "\(b.output.suffix(30).joined(separator: "\n"))"
            )
            #expect(await b.stop(with: SIGTERM, timeout: .seconds(60)) == 0)
            await cluster.remove()
        }
    }

    /// `remessa_node_leases{kind}` summed over the nodes' `/metrics`.
    static func leaseGauges(ports: [Int]) async throws -> [String: Int] {
        var sums: [String: Int] = [:]
        for port in ports {
            let (_, body) = try await SystemdLifecycleTests.httpGet("http://127.0.0.1:\(port)/metrics")
            for line in body.split(separator: "\n") where line.hasPrefix("remessa_node_leases{") {
                guard let kindStart = line.range(of: "kind=\""), let value = line.split(separator: " ").last,
                    let count = Double(value)
                else { continue }
                let kind = line[kindStart.upperBound...].prefix { $0 != "\"" }
                sums[String(kind), default: 0] += Int(count)
            }
        }
        return sums
    }
}
