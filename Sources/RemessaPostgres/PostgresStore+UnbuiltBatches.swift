import Foundation
import RemessaCore
import RemessaStore

// Requirements of the store interface not yet built on PostgreSQL: each throws until its real version replaces it.
extension PostgresStore {
    public func batch(_ id: Int64) async throws -> BatchRecord? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func batches(unfinishedOnly: Bool, drop: String?, limit: Int) async throws -> [BatchRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordBatchFinished(_ id: Int64, at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func cancelBatch(_ id: Int64, at now: Date) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func expireUnconfirmed(batchID: Int64, submittedBefore cutoff: Date, at now: Date) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func updateStatus(
        messageID: Int64,
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date
    ) async throws -> Bool {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func lastEventSequence(batchID: Int64) async throws -> Int64 {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func events(batchID: Int64, in range: ClosedRange<Int64>) async throws -> [StatusEvent] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func forEachMessage(batchID: Int64, _ body: @Sendable (MessageRecord) throws -> Void) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func batchTotals(_ batchID: Int64) async throws -> BatchTotals {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func queueDepth(drop: String) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func cancelForClient(
        markerFileID fileID: Int64,
        drop: String,
        input: String,
        at now: Date
    ) async throws -> ClientCancellation? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func dispatchBatches(route: String) async throws -> [DispatchBatch] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func queuedMessages(batchID: Int64, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func submittedMessages(route: String, afterID: Int64, limit: Int) async throws -> [QueuedMessage] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordDispatch(_ records: [DispatchRecord], at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func expireQueued(batchID: Int64, reason: BatchExpiry, sparing: [Int64], at now: Date) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func scheduledLater(than now: Date) async throws -> [Int64: Int] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func applyReports(_ reports: [ReportedStatus]) async throws -> [ReportApplication] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }
}
