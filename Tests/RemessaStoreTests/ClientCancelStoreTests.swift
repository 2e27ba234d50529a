import Foundation
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

/// A client's cancel marker in the store (contract §10): the most recent unfinished batch of the input, in one
/// transaction with the marker's outcome.
@Suite("Store: cancelling by the client")
struct ClientCancelStoreTests {
    @Test(
        "The newest unfinished batch of the input in the drop is cancelled and the marker recorded with it",
        arguments: StoreKind.allCases
    )
    func cancelsNewest(kind: StoreKind) async throws {
        try await StoreTests.withStore(kind) { store in
            let older = try await StoreFixture.acceptedBatch("clientes.csv", count: 2, in: store)
            let newer = try await StoreFixture.acceptedBatch("clientes.csv", count: 3, in: store)
            let otherDrop = try await StoreFixture.acceptedBatch("clientes.csv", drop: "outra", count: 1, in: store)
            try await store.recordDispatch([.submitted(messageID: newer.messages[0], providerID: nil)])
            let marker = try await StoreFixture.claim("clientes.csv.cancel", in: store)
            let result = try await store.cancelForClient(markerFileID: marker, drop: "acme", input: "clientes.csv")
            #expect(result == ClientCancellation(batchID: newer.file, cancelled: 2))
            #expect(try await store.batch(newer.file)?.statusCounts == [.submitted: 1, .cancelled: 2])
            #expect(try await store.batch(newer.file)?.cancelledAt != nil)
            #expect(try await store.batch(older.file)?.statusCounts == [.queued: 2])
            #expect(try await store.batch(otherDrop.file)?.statusCounts == [.queued: 1])
            let events = try await store.events(batchID: newer.file, in: 1...100).filter { $0.status == .cancelled }
            #expect(events.map(\.reasonCode) == ["CANCELLED_BY_CLIENT", "CANCELLED_BY_CLIENT"])
            let file = try #require(try await store.file(marker))
            #expect(file.stage == .published)
            #expect(file.outcome == .accepted)

            // The next marker takes the older one; then nothing is left (finished or cancelled batches are not).
            try await store.recordBatchFinished(older.file)
            let again = try await StoreFixture.claim("clientes.csv.cancel", in: store)
            #expect(try await store.cancelForClient(markerFileID: again, drop: "acme", input: "clientes.csv") == nil)
            #expect(try await store.file(again)?.stage == .claiming)
            #expect(try await store.cancelForClient(markerFileID: again, drop: "acme", input: "nada.csv") == nil)
        }
    }
}
