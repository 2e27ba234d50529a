import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// The queries behind `remessa status`, `batches` and `batch ID`.
@Suite("Store: operator queries")
struct OperatorQueriesTests {
    /// A file of `drop` ingested at `date` with `count` queued messages; returns the batch id and message ids.
    static func batch(
        _ store: any Store,
        drop: String,
        name: String,
        count: Int,
        at date: Date = Date()
    ) async throws -> (Int64, [Int64]) {
        try await StoreFixture.acceptedBatch(name, drop: drop, count: count, in: store, at: date)
    }

    @Test(
        "dropActivity counts today's files and the messages of live or today's batches, per drop",
        arguments: StoreKind.allCases
    )
    func dropActivity(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let midnight = Date().addingTimeInterval(-3600)
            let old = Date().addingTimeInterval(-3 * 86400)
            // An old batch whose final file is out: its messages no longer count, its file not as today's.
            let (oldID, oldMessages) = try await Self.batch(store, drop: "a", name: "old.csv", count: 2, at: old)
            try await store.updateStatus(messageID: oldMessages[0], to: .delivered, at: old)
            try await store.recordBatchFinished(oldID)
            try await store.setStage(.done, of: oldID)
            // An old batch still running counts.
            let (_, stuck) = try await Self.batch(store, drop: "a", name: "stuck.csv", count: 3, at: old)
            try await store.updateStatus(messageID: stuck[0], to: .submitted)
            let (today, todayMessages) = try await Self.batch(store, drop: "a", name: "today.csv", count: 2)
            try await store.updateStatus(messageID: todayMessages[0], to: .delivered)
            try await store.setStage(.done, of: today)
            let rejected = try await store.recordClaimIntent(
                drop: "b",
                name: "bad.csv",
                processingName: "bad.csv",
                remoteSize: 1,
                remoteModification: 1
            )
            try await store.recordRejection(
                of: rejected,
                summary: IngestSummary(layout: nil, encoding: nil, rows: 1, accepted: 0, rejected: 1, segments: 0),
                errorCode: "UNKNOWN_LAYOUT",
                errorMessage: "x"
            )

            let activity = try await store.dropActivity(since: midnight)
            #expect(activity.map(\.drop) == ["a", "b"])
            let a = activity[0]
            #expect(a.filesAccepted == 1)
            #expect(a.filesRejected == 0)
            // stuck.csv is still `ingested`; old.csv and today.csv are done.
            #expect(a.filesInProgress == 1)
            #expect(a.lastFile?.name == "today.csv")
            #expect(a.statusCounts == [.queued: 3, .submitted: 1, .delivered: 1])
            let b = activity[1]
            #expect(b.filesRejected == 1)
            #expect(b.filesInProgress == 1)
            #expect(b.statusCounts.isEmpty)
        }
    }

    @Test(
        "messagesSent counts messages that left the queue in the window, once each, not cancelled or old",
        arguments: StoreKind.allCases
    )
    func messagesSent(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let now = Date()
            let (id, messages) = try await Self.batch(store, drop: "a", name: "a.csv", count: 8)
            // Submitted five minutes ago, delivered now: it left the queue outside the window.
            try await store.updateStatus(messageID: messages[0], to: .submitted, at: now.addingTimeInterval(-300))
            try await store.updateStatus(messageID: messages[0], to: .delivered, at: now)
            // Submitted and delivered inside the window: counted once.
            try await store.updateStatus(messageID: messages[1], to: .submitted, at: now.addingTimeInterval(-10))
            try await store.updateStatus(messageID: messages[1], to: .delivered, at: now)
            try await store.updateStatus(messageID: messages[2], to: .submitted, at: now)
            // A final refusal without a submission counts.
            try await store.updateStatus(messageID: messages[3], to: .carrierRejected, at: now)
            // The operator's cancellation does not.
            let (other, _) = try await Self.batch(store, drop: "a", name: "b.csv", count: 3)
            #expect(try await store.cancelBatch(other) == 3)

            let sent = try await store.messagesSent(batchIDs: [id, other, 999], since: now.addingTimeInterval(-60))
            #expect(sent == [id: 3, other: 0, 999: 0])
        }
    }

    @Test(
        "messagesSent tolerates a few events stamped out of order, and stops after a long run of older ones",
        arguments: StoreKind.allCases
    )
    func messagesSentWalksBackBriefly(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let now = Date()
            let since = now.addingTimeInterval(-60)
            // In the window, then `older` events before the window, then in the window again.
            func sent(older: Int) async throws -> Int {
                let (id, messages) = try await Self.batch(store, drop: "a", name: "f\(older).csv", count: older + 2)
                try await store.updateStatus(messageID: messages[0], to: .submitted, at: now)
                for message in messages.dropFirst().dropLast() {
                    try await store.updateStatus(messageID: message, to: .submitted, at: now.addingTimeInterval(-120))
                }
                try await store.updateStatus(messageID: messages[older + 1], to: .submitted, at: now)
                return try await store.messagesSent(batchIDs: [id], since: since)[id] ?? -1
            }
            let afterShortRun = try await sent(older: 100)
            let afterLongRun = try await sent(older: 300)
            #expect(afterShortRun == 2)
            #expect(afterLongRun == 1)
        }
    }

    @Test(
        "messages(batchID:statuses:limit:) returns the first matching messages in line order",
        arguments: StoreKind.allCases
    )
    func messagesByStatus(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let (id, messages) = try await Self.batch(store, drop: "a", name: "a.csv", count: 5)
            for message in messages.suffix(3) {
                try await store.updateStatus(messageID: message, to: .invalidNumber, reasonCode: "UNKNOWN_DDD")
            }
            let found = try await store.messages(batchID: id, statuses: [.invalidNumber, .expired], limit: 2)
            #expect(found.map(\.line) == [4, 5])
            #expect(found.allSatisfy { $0.reasonCode == "UNKNOWN_DDD" })
            #expect(try await store.messages(batchID: id, statuses: [], limit: 2).isEmpty)
        }
    }
}
