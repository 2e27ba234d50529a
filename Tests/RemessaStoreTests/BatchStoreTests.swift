import Foundation
import RemessaCore
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaStore

/// What both stores must do alike with a batch beyond the dispatcher's queue: its messages streamed in pages,
/// a message named twice in one dispatch group, and the notice of its final file.
@Suite("Store: batches")
struct BatchStoreTests {
    @Test("Every message of a batch is streamed once, in line order, across pages", arguments: StoreKind.allCases)
    func forEachMessageInOrder(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let before = try await StoreFixture.acceptedBatch("before.csv", count: 3, in: store)
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 4_500, in: store)
            let after = try await StoreFixture.acceptedBatch("after.csv", count: 3, in: store)
            try await store.recordDispatch([.submitted(messageID: batch.messages[1], providerID: "gw")])
            let seen = Mutex<[MessageRecord]>([])
            try await store.forEachMessage(batchID: batch.file) { message in seen.withLock { $0.append(message) } }
            let messages = seen.withLock { $0 }
            #expect(messages.map(\.id) == batch.messages)
            #expect(messages.map(\.line) == Array(2..<4_502))
            #expect(messages[1].status == .submitted)
            #expect(messages[1].submittedAt != nil)
            #expect(messages[0].text == "Olá 2")
            #expect(before.messages.count == 3 && after.messages.count == 3)
            let none = Mutex(0)
            try await store.forEachMessage(batchID: 99_999) { _ in none.withLock { $0 += 1 } }
            #expect(none.withLock { $0 } == 0)
        }
    }

    @Test(
        "A message named twice in one dispatch group changes as one record after the other",
        arguments: StoreKind.allCases
    )
    func sameMessageTwice(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 2, in: store)
            let ids = batch.messages
            let later = Date(timeIntervalSince1970: 1_900_000_000)
            try await store.recordDispatch([
                .scheduled(messageID: ids[0], until: later),
                .submitted(messageID: ids[0], providerID: "gw-1"),
                .finished(messageID: ids[1], status: .optedOut, reasonCode: "OPTED_OUT", error: nil),
                .submitted(messageID: ids[1], providerID: "gw-2"),
            ])
            let events = try await store.events(batchID: batch.file, in: 1...100)
            #expect(events.map(\.messageID) == [ids[0], ids[0], ids[1]])
            #expect(events.map(\.status) == [.scheduled, .submitted, .optedOut])
            #expect(try await store.batch(batch.file)?.statusCounts == [.submitted: 1, .optedOut: 1])
            #expect(try await store.submittedMessages(route: "sim", afterID: 0, limit: 10).map(\.attempts) == [1])
            let results = try await store.applyReports([
                ReportedStatus(
                    route: "sim",
                    messageID: nil,
                    providerID: "gw-2",
                    status: .delivered,
                    reasonCode: nil,
                    at: Date()
                )
            ])
            #expect(results == [.unchanged])
        }
    }

    @Test(
        "A batch's final file records one batch.finished notice with its counts, when its drop notifies",
        arguments: StoreKind.allCases
    )
    func finishedNotice(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let quiet = try await StoreFixture.acceptedBatch("quiet.csv", drop: "quiet", count: 1, in: store)
            store.setNotifyingDrops(["acme"])
            let batch = try await StoreFixture.acceptedBatch("a.csv", count: 3, in: store)
            try await store.recordDispatch([.submitted(messageID: batch.messages[0], providerID: nil)])
            #expect(try await store.cancelBatch(batch.file) == 2)
            try await store.recordBatchFinished(batch.file)
            try await store.recordBatchFinished(batch.file)
            try await store.recordBatchFinished(quiet.file)
            let notices = try await store.notices(drop: nil).filter { $0.event == "batch.finished" }
            #expect(notices.map(\.id) == ["acme.batch.finished.\(batch.file)"])
            #expect(
                notices.first?.body.contains("\"batch\":\(batch.file),\"counts\":{\"SUBMITTED\":1,\"CANCELLED\":2}")
                    == true
            )
            #expect(try await store.batch(batch.file)?.finishedAt != nil)
        }
    }
}

extension BatchStoreTests {
    @Test(
        "Batches newest first, by drop or unfinished only, with counts; totals and queue depth",
        arguments: StoreKind.allCases
    )
    func listsAndTotals(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let first = try await StoreFixture.acceptedBatch("a.csv", count: 3, in: store)
            let second = try await StoreFixture.acceptedBatch("b.csv", drop: "outra", count: 2, in: store)
            let third = try await StoreFixture.acceptedBatch("c.csv", count: 1, in: store)
            let submittedAt = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.recordDispatch([.submitted(messageID: first.messages[0], providerID: nil)], at: submittedAt)
            #expect(try await store.updateStatus(messageID: first.messages[0], to: .delivered, at: submittedAt + 5))
            #expect(try await !store.updateStatus(messageID: first.messages[0], to: .notDelivered))
            #expect(try await store.updateStatus(messageID: first.messages[1], to: .invalidNumber, reasonCode: "X"))
            try await store.recordBatchFinished(third.file)

            #expect(try await store.batches().map(\.id) == [third.file, second.file, first.file])
            #expect(try await store.batches(limit: 2).map(\.id) == [third.file, second.file])
            #expect(try await store.batches(drop: "outra").map(\.id) == [second.file])
            #expect(try await store.batches(unfinishedOnly: true).map(\.id) == [second.file, first.file])
            #expect(try await store.batches(unfinishedOnly: true, drop: "acme").map(\.id) == [first.file])
            let listed = try #require(try await store.batches(drop: "acme").last)
            #expect(listed.statusCounts == [.delivered: 1, .invalidNumber: 1, .queued: 1])
            #expect(listed.fileName == "a.csv")
            #expect(listed.messages == 3)

            let totals = try await store.batchTotals(first.file)
            #expect(totals.segments == 3)
            #expect(totals.firstSubmittedAt == submittedAt)
            #expect(totals.lastSubmittedAt == submittedAt)
            #expect(totals.lastDoneAt != nil)
            #expect(try await store.batchTotals(99_999) == BatchTotals(segments: 0))
            #expect(try await store.queueDepth(drop: "acme") == 1)
            #expect(try await store.queueDepth(drop: "outra") == 2)
            let events = try await store.events(batchID: first.file, in: 1...100)
            #expect(events.map(\.status) == [.submitted, .delivered, .invalidNumber])
            #expect(events.map(\.line) == [2, 2, 3])
            #expect(events[2].reasonCode == "X")
            #expect(events[0].correlationID == "c2")
        }
    }

    @Test("Cancelling a batch that does not exist says so", arguments: StoreKind.allCases)
    func cancelMissing(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let error = await #expect(throws: StoreError.self) { _ = try await store.cancelBatch(42) }
            #expect(error?.code == .notFound)
        }
    }
}
