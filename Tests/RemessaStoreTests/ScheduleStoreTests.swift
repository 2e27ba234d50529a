import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// A campaign's schedule in the store (contract §10): messages wait `SCHEDULED` from their ingestion, the
/// dispatcher reads the batch's sender and dates, and `sendUntil` ends the rest `EXPIRED`.
@Suite("Store: schedules")
struct ScheduleStoreTests {
    @Test(
        "A batch with sendAt ahead is ingested SCHEDULED until then, without events; one in the past QUEUED",
        arguments: StoreKind.allCases
    )
    func scheduledAtIngestion(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let now = Date()
            let sendAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 3_600).rounded())
            let settings = BatchSettings(label: "Natal", sender: "LOJA", sendAt: sendAt, sendUntil: sendAt + 600)
            let ahead = try await StoreFixture.acceptedBatch(
                "natal.campaign.json",
                count: 3,
                settings: settings,
                in: store
            )
            let past = try await StoreFixture.acceptedBatch(
                "ontem.campaign.json",
                count: 2,
                settings: BatchSettings(sendAt: now - 60),
                in: store
            )
            let scheduled = try await store.queuedMessages(batchID: ahead.file, afterID: 0, limit: 10)
            #expect(scheduled.map(\.id) == ahead.messages)
            #expect(scheduled.allSatisfy { $0.notBefore == sendAt })
            #expect(try await store.batch(ahead.file)?.statusCounts == [.scheduled: 3])
            #expect(try await store.lastEventSequence(batchID: ahead.file) == 0)
            #expect(try await store.scheduledLater(than: now) == [ahead.file: 3])
            #expect(try await store.batch(past.file)?.statusCounts == [.queued: 2])
            #expect(
                try await store.queuedMessages(batchID: past.file, afterID: 0, limit: 10).allSatisfy {
                    $0.notBefore == nil
                }
            )

            let listed = try await store.dispatchBatches(route: "sim")
            #expect(listed.first { $0.id == ahead.file }?.sender == "LOJA")
            #expect(listed.first { $0.id == ahead.file }?.sendAt == sendAt)
            #expect(listed.first { $0.id == ahead.file }?.sendUntil == sendAt + 600)
            #expect(listed.first { $0.id == past.file }?.sender == nil)
        }
    }

    @Test(
        "sendUntil ends what has not gone out EXPIRED, SEND_UNTIL_PASSED, with an event each; spared ones stay",
        arguments: StoreKind.allCases
    )
    func expiresAtSendUntil(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 4, in: store)
            let ids = batch.messages
            try await store.recordDispatch([.submitted(messageID: ids[0], providerID: nil)])
            let expired = try await store.expireQueued(batchID: batch.file, reason: .sendUntil, sparing: [ids[1]])
            #expect(expired == 2)
            #expect(try await store.batch(batch.file)?.statusCounts == [.submitted: 1, .queued: 1, .expired: 2])
            let events = try await store.events(batchID: batch.file, in: 1...100)
            #expect(events.filter { $0.status == .expired }.map(\.messageID) == [ids[2], ids[3]])
            #expect(events.filter { $0.status == .expired }.allSatisfy { $0.reasonCode == "SEND_UNTIL_PASSED" })
            // The spared one, back for a retry after its deadline, ends at the next call.
            #expect(try await store.expireQueued(batchID: batch.file, reason: .sendUntil) == 1)
            #expect(try await store.batch(batch.file)?.statusCounts == [.submitted: 1, .expired: 3])
        }
    }
}
