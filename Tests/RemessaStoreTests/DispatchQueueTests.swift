import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// The store as the dispatcher's queue: what it reads, what it commits, and what it reads back after a restart.
@Suite("Store: dispatch queue")
struct DispatchQueueTests {
    /// Ingests `count` messages of `name` into route `route` and returns the batch id and the message ids.
    static func batch(
        _ name: String,
        count: Int,
        route: String = "sim",
        in store: any Store
    ) async throws -> (batch: Int64, messages: [Int64]) {
        let batch = try await StoreFixture.acceptedBatch(name, route: route, count: count, in: store)
        return (batch.file, batch.messages)
    }

    @Test(
        "Queued pages come in id order after the cursor; a route's batches oldest first, cancelled ones left out",
        arguments: StoreKind.allCases
    )
    func queuedPages(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await Self.batch("a.csv", count: 5, in: store)
            let second = try await Self.batch("b.csv", count: 2, in: store)
            _ = try await Self.batch("c.csv", count: 1, route: "kannel", in: store)
            let page = try await store.queuedMessages(batchID: first.batch, afterID: first.messages[1], limit: 2)
            #expect(page.map(\.id) == Array(first.messages[2...3]))
            #expect(page[0].batchID == first.batch)
            #expect(page[0].text == "Olá 4")
            #expect(page[0].encoding == .ucs2)
            #expect(page[0].notBefore == nil)

            #expect(try await store.dispatchBatches(route: "sim").map(\.id) == [first.batch, second.batch])
            _ = try await store.cancelBatch(second.batch)
            #expect(try await store.dispatchBatches(route: "sim").map(\.id) == [first.batch])
        }
    }

    @Test(
        "Dispatch records: submitted, retry with its time, scheduled, finished; a terminal status stays",
        arguments: StoreKind.allCases
    )
    func records(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let (batch, ids) = try await Self.batch("a.csv", count: 4, in: store)
            let retryAt = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.recordDispatch([
                .submitted(messageID: ids[0], providerID: "gw-1"),
                .retry(messageID: ids[1], retryAt: retryAt, error: "HTTP 503"),
                .scheduled(messageID: ids[2], until: retryAt),
                .finished(messageID: ids[3], status: .carrierRejected, reasonCode: "REJECTED", error: "HTTP 400"),
            ])
            // A late submission after the report made it terminal does not move it back.
            try await store.recordDispatch([.submitted(messageID: ids[3], providerID: "gw-4")])

            let pending = try await store.queuedMessages(batchID: batch, afterID: 0, limit: 10)
            #expect(pending.map(\.id) == [ids[1], ids[2]])
            #expect(pending.map(\.notBefore) == [retryAt, retryAt])
            #expect(pending[0].attempts == 1)
            #expect(try await store.scheduledLater(than: retryAt.addingTimeInterval(-1)) == [batch: 1])
            #expect(try await store.scheduledLater(than: retryAt).isEmpty)
            let counts = try #require(try await store.batch(batch)).statusCounts
            #expect(counts == [.submitted: 1, .queued: 1, .scheduled: 1, .carrierRejected: 1])
        }
    }

    @Test(
        "After a restart the submitted messages of a route are read back, in pages, for the gateway to resume",
        arguments: StoreKind.allCases
    )
    func submittedAfterRestart(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let sim = try await Self.batch("a.csv", count: 5, in: store)
            let other = try await Self.batch("b.csv", count: 2, route: "kannel", in: store)
            try await store.recordDispatch(
                (sim.messages + other.messages).map { .submitted(messageID: $0, providerID: nil) }
            )
            _ = try await store.applyReports([
                ReportedStatus(
                    route: "sim",
                    messageID: sim.messages[0],
                    providerID: nil,
                    status: .delivered,
                    reasonCode: nil,
                    at: Date()
                )
            ])
            let first = try await store.submittedMessages(route: "sim", afterID: 0, limit: 3)
            #expect(first.map(\.id) == Array(sim.messages[1...3]))
            #expect(first[0].segments == 1)
            #expect(first[0].destination == "5511987654321")
            let rest = try await store.submittedMessages(route: "sim", afterID: first[2].id, limit: 3)
            #expect(rest.map(\.id) == [sim.messages[4]])
            #expect(try await store.submittedMessages(route: "kannel", afterID: 0, limit: 10).count == 2)
        }
    }

    @Test(
        "Delivery reports: by our id or the gateway's, once, never over a final status; unknown ids said so",
        arguments: StoreKind.allCases
    )
    func reports(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let (batch, ids) = try await Self.batch("a.csv", count: 2, in: store)
            try await store.recordDispatch([
                .submitted(messageID: ids[0], providerID: "gw-1"),
                .submitted(messageID: ids[1], providerID: "gw-2"),
            ])
            let results = try await store.applyReports([
                Self.report("sim", ids[0], nil, .delivered),
                Self.report("sim", ids[0], nil, .delivered),
                Self.report("sim", nil, "gw-2", .notDelivered),
                Self.report("sim", nil, "gw-2", .submitted),
                Self.report("sim", nil, "gw-9", .delivered),
                Self.report("sim", 99_999, nil, .delivered),
            ])
            #expect(results.count == 6)
            guard case .applied = results[0] else {
                Issue.record("first report not applied: \(results[0])")
                return
            }
            #expect(Array(results[1...]) == [.unchanged, results[2], .unchanged, .unknown, .unknown])
            guard case .applied = results[2] else {
                Issue.record("gateway-id report not applied")
                return
            }
            let counts = try #require(try await store.batch(batch)).statusCounts
            #expect(counts == [.delivered: 1, .notDelivered: 1])
        }
    }

    @Test(
        "A report changes only its own route's messages, only once submitted; a gateway id names one per route",
        arguments: StoreKind.allCases
    )
    func reportsConfinedToRouteAndSubmitted(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let sim = try await Self.batch("a.csv", count: 3, in: store)
            let gw = try await Self.batch("b.csv", count: 2, route: "gw", in: store)
            // The other route's gateway uses the same id, on a later message (the lookup takes the newest).
            try await store.recordDispatch([
                .submitted(messageID: sim.messages[0], providerID: "p-1"),
                .submitted(messageID: sim.messages[1], providerID: "p-shared"),
                .submitted(messageID: gw.messages[0], providerID: "p-shared"),
                .scheduled(messageID: gw.messages[1], until: Date().addingTimeInterval(3600)),
            ])
            let fromSim = try await store.applyReports([
                Self.report("sim", sim.messages[2], nil, .delivered),
                Self.report("sim", gw.messages[0], nil, .delivered),
                Self.report("sim", gw.messages[1], nil, .delivered),
                Self.report("sim", nil, "p-shared", .notDelivered),
            ])
            #expect(Array(fromSim[0...2]) == [.notSubmitted, .unknown, .unknown])
            guard case .applied = fromSim[3] else {
                Issue.record("the route's own gateway id was not applied: \(fromSim[3])")
                return
            }
            let fromGW = try await store.applyReports([
                Self.report("gw", gw.messages[1], nil, .delivered),
                Self.report("gw", sim.messages[0], nil, .delivered),
                Self.report("gw", nil, "p-1", .delivered),
            ])
            #expect(fromGW == [.notSubmitted, .unknown, .unknown])

            #expect(
                try #require(try await store.batch(sim.batch)).statusCounts == [
                    .submitted: 1, .notDelivered: 1, .queued: 1,
                ]
            )
            #expect(try #require(try await store.batch(gw.batch)).statusCounts == [.submitted: 1, .scheduled: 1])
            // A queued message that a report refused is still sent.
            #expect(
                try await store.queuedMessages(batchID: sim.batch, afterID: 0, limit: 10).map(\.id) == [
                    sim.messages[2]
                ]
            )
        }
    }

    @Test(
        "A late final report moves UNCONFIRMED on; an intermediate one or another final one does not",
        arguments: StoreKind.allCases
    )
    func lateReportAfterTimeout(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let (batch, ids) = try await Self.batch("a.csv", count: 1, in: store)
            try await store.recordDispatch([.submitted(messageID: ids[0], providerID: nil)])
            #expect(
                try await store.expireUnconfirmed(batchID: batch, submittedBefore: Date().addingTimeInterval(60)) == 1
            )
            let results = try await store.applyReports([
                Self.report("sim", ids[0], nil, .submitted),
                Self.report("sim", ids[0], nil, .delivered),
                Self.report("sim", ids[0], nil, .notDelivered),
            ])
            #expect(results[0] == .unchanged)
            guard case .applied = results[1] else {
                Issue.record("the late DELIVERED was not applied: \(results[1])")
                return
            }
            #expect(results[2] == .unchanged)
            #expect(try #require(try await store.batch(batch)).statusCounts == [.delivered: 1])
        }
    }

    static func report(_ route: String, _ id: Int64?, _ provider: String?, _ status: MessageStatus) -> ReportedStatus {
        ReportedStatus(route: route, messageID: id, providerID: provider, status: status, reasonCode: nil, at: Date())
    }

    @Test(
        "Time to live: every queued or scheduled message of the batch expires, the sent ones stay",
        arguments: StoreKind.allCases
    )
    func expire(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let (batch, ids) = try await Self.batch("a.csv", count: 3, in: store)
            try await store.recordDispatch([
                .submitted(messageID: ids[0], providerID: nil),
                .scheduled(messageID: ids[1], until: Date().addingTimeInterval(3600)),
            ])
            #expect(try await store.expireQueued(batchID: batch) == 2)
            let counts = try #require(try await store.batch(batch)).statusCounts
            #expect(counts == [.submitted: 1, .expired: 2])
            #expect(try await store.queuedMessages(batchID: batch, afterID: 0, limit: 10).isEmpty)
        }
    }
}
