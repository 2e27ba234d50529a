import Foundation
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaStore

/// What two nodes of a cluster race for in a batch (contract §13): the sending node commits what it submitted
/// while delivery reports, cancels and the outbox publisher run on another node. Every message ends in one
/// final status with exactly the events SQLite would record, and a reader following a batch's events by their
/// numbers misses none.
@Suite("Store: batches raced by two PostgreSQL nodes")
struct PostgresBatchRaceTests {
    /// Set when the writers are done.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    static func delivered(_ id: Int64) -> ReportedStatus {
        ReportedStatus(route: "sim", messageID: id, providerID: nil, status: .delivered, reasonCode: nil, at: Date())
    }

    /// Follows a batch's events as the outbox publisher does (the highest number, then what is after the last one
    /// read) until `done`, and once more after it.
    static func follow(batchID: Int64, in store: any Store, until done: Flag) async throws -> [Int64] {
        var seen: [Int64] = []
        var last: Int64 = 0
        while true {
            let finished = done.isSet
            let newest = try await store.lastEventSequence(batchID: batchID)
            if newest > last {
                seen += try await store.events(batchID: batchID, in: (last + 1)...newest).map(\.sequence)
                last = newest
            }
            if finished { return seen }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test("Submissions on one node, reports and a cancel on another: one final status and its events per message")
    func dispatchReportsAndCancel() async throws {
        try await StoreKind.withTwoPostgresNodes { sender, other in
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 600, in: sender)
            let ids = batch.messages
            let done = Flag()
            async let followed = Self.follow(batchID: batch.file, in: other, until: done)
            async let cancelled: Int = {
                try await Task.sleep(for: .milliseconds(60))
                return try await other.cancelBatch(batch.file)
            }()
            for start in stride(from: 0, to: ids.count, by: 25) {
                let chunk = Array(ids[start..<min(start + 25, ids.count)])
                async let reports = other.applyReports(chunk.map(Self.delivered))
                try await sender.recordDispatch(chunk.map { .submitted(messageID: $0, providerID: "gw-\($0)") })
                _ = try await reports
                // The reports that came before the submission's commit are sent again, as a gateway does.
                _ = try await other.applyReports(chunk.map(Self.delivered))
            }
            let cancelCount = try await cancelled
            done.set()
            let seen = try await followed

            let last = try await sender.lastEventSequence(batchID: batch.file)
            let events = try await sender.events(batchID: batch.file, in: 1...max(1, last))
            #expect(seen == events.map(\.sequence), "the follower missed no event")
            var byMessage: [Int64: [MessageStatus]] = [:]
            for event in events { byMessage[event.messageID, default: []].append(event.status) }
            var finals: [MessageStatus: Int] = [:]
            for id in ids {
                let statuses = byMessage[id] ?? []
                #expect(statuses == [.submitted, .delivered] || statuses == [.cancelled], "message \(id): \(statuses)")
                if let final = statuses.last { finals[final, default: 0] += 1 }
            }
            let counts = try #require(try await other.batch(batch.file)).statusCounts
            #expect(counts == finals)
            #expect(counts[.cancelled, default: 0] == cancelCount)
            #expect(counts.values.reduce(0, +) == ids.count)
        }
    }

    @Test("The same delivery reports applied by two nodes at once change each message once, with one event")
    func sameReportsTwice() async throws {
        try await StoreKind.withTwoPostgresNodes { first, second in
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 300, in: first)
            try await first.recordDispatch(batch.messages.map { .submitted(messageID: $0, providerID: nil) })
            let reports = batch.messages.map(Self.delivered)
            async let fromFirst = first.applyReports(reports)
            async let fromSecond = second.applyReports(reports.reversed())
            let results = try await fromFirst + fromSecond
            let applied = results.filter { if case .applied = $0 { true } else { false } }
            #expect(applied.count == batch.messages.count)
            #expect(results.count - applied.count == batch.messages.count)
            #expect(results.allSatisfy { if case .applied = $0 { true } else { $0 == .unchanged } })
            let last = try await first.lastEventSequence(batchID: batch.file)
            let events = try await first.events(batchID: batch.file, in: 1...last)
            #expect(events.filter { $0.status == .delivered }.count == batch.messages.count)
            #expect(try await second.batch(batch.file)?.statusCounts == [.delivered: batch.messages.count])
        }
    }

    @Test("Expiry and a cancel racing on two nodes end each unsent message once, with one event")
    func expiryAndCancel() async throws {
        try await StoreKind.withTwoPostgresNodes { first, second in
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 2_000, in: first)
            async let expired = first.expireQueued(batchID: batch.file)
            async let cancelled = second.cancelBatch(batch.file)
            let total = try await expired + cancelled
            #expect(total == batch.messages.count)
            let last = try await first.lastEventSequence(batchID: batch.file)
            let events = try await first.events(batchID: batch.file, in: 1...last)
            #expect(events.count == batch.messages.count)
            #expect(Set(events.map(\.messageID)).count == batch.messages.count)
        }
    }
}
