import Foundation
import RemessaCore

/// What a ``Store`` keeps of batches, message statuses, dispatch and delivery reports.
public protocol BatchStore: Sendable {
    /// One batch with its status counts.
    func batch(_ id: Int64) async throws -> BatchRecord?

    /// Batches, newest first: all, or only those whose final file is not out yet.
    func batches(unfinishedOnly: Bool, drop: String?, limit: Int) async throws -> [BatchRecord]

    /// Marks the batch's final file as published.
    func recordBatchFinished(_ id: Int64, at now: Date) async throws

    /// Cancels what of a batch has not gone out yet; returns how many messages it cancelled.
    func cancelBatch(_ id: Int64, at now: Date) async throws -> Int

    /// Gives up waiting for delivery reports: messages submitted before `cutoff` become `UNCONFIRMED`.
    func expireUnconfirmed(batchID: Int64, submittedBefore cutoff: Date, at now: Date) async throws -> Int

    /// Sets one message's status, keeping the rule that a terminal status is never overwritten; records the event.
    /// Returns whether anything changed.
    @discardableResult
    func updateStatus(
        messageID: Int64,
        to status: MessageStatus,
        reasonCode: String?,
        at now: Date
    ) async throws -> Bool

    /// The newest event sequence number of a batch (0 when none).
    func lastEventSequence(batchID: Int64) async throws -> Int64

    /// The batch's events in `range`, in order, with what a DLR line shows of their message.
    func events(batchID: Int64, in range: ClosedRange<Int64>) async throws -> [StatusEvent]

    /// Calls `body` with each message of a batch in line order, streaming, so a million rows cost no memory.
    func forEachMessage(batchID: Int64, _ body: @Sendable (MessageRecord) throws -> Void) async throws

    /// Segments sent and the first/last submit and completion times of a batch.
    func batchTotals(_ batchID: Int64) async throws -> BatchTotals

    /// Messages of `drop` waiting to be sent (`QUEUED` or `SCHEDULED`), counted through the batch/status index.
    func queueDepth(drop: String) async throws -> Int

    /// Handles the claimed cancel marker `fileID` of `drop`, naming the input `input`: in one transaction, cancels
    /// the most recent batch of that input in the drop that is neither finished (final file out) nor cancelled
    /// already (`CANCELLED_BY_CLIENT`), and records the marker accepted with its result file already published
    /// (stage `published`: a marker has no result file; it only moves to `archive/` next). A crash before the
    /// commit leaves both undone, after it both done, so the marker is never answered twice. Nil, with nothing
    /// recorded, when there is no such batch: the caller rejects the marker `NOTHING_TO_CANCEL`.
    func cancelForClient(
        markerFileID fileID: Int64,
        drop: String,
        input: String,
        at now: Date
    ) async throws -> ClientCancellation?

    /// The batches of `route` still to send, oldest first.
    func dispatchBatches(route: String) async throws -> [DispatchBatch]

    /// Up to `limit` queued messages of a batch with an id above `afterID`, in line order.
    func queuedMessages(batchID: Int64, afterID: Int64, limit: Int) async throws -> [QueuedMessage]

    /// Messages of `route`'s unfinished batches that are `SUBMITTED` and wait for a delivery report, in id order,
    /// `limit` at a time after `afterID`.
    func submittedMessages(route: String, afterID: Int64, limit: Int) async throws -> [QueuedMessage]

    /// Commits what the dispatcher did with a group of messages, in one transaction, with an event for each
    /// status change. A terminal status is never overwritten.
    func recordDispatch(_ records: [DispatchRecord], at now: Date) async throws

    /// Ends every queued message of a batch whose time ran out: `EXPIRED`, with `reason` (`TTL_EXPIRED`, or
    /// `SEND_UNTIL_PASSED` for a campaign's `sendUntil`), except `sparing` (messages in flight, which went out).
    func expireQueued(batchID: Int64, reason: BatchExpiry, sparing: [Int64], at now: Date) async throws -> Int

    /// Messages `SCHEDULED` for a later time than `now`, per batch: what `--until-idle` need not wait for.
    func scheduledLater(than now: Date) async throws -> [Int64: Int]

    /// Applies delivery reports in one transaction and answers what each one did, in order (contract §9a).
    ///
    /// A report changes only a message of its own route (a batch's route is fixed at ingestion, and the
    /// dispatcher submits a batch only through it), and only one that was submitted: `SUBMITTED` moves to the
    /// reported status, `UNCONFIRMED` (no report within `dlrTimeout`) to a late final one. A gateway id names a
    /// message only within its route. Each message changes at most once per status; a final status other than
    /// `UNCONFIRMED` is never overwritten.
    func applyReports(_ reports: [ReportedStatus]) async throws -> [ReportApplication]
}

extension BatchStore {
    /// ``batches(unfinishedOnly:drop:limit:)`` with `unfinishedOnly` = `false` (and the other defaults).
    public func batches(drop: String? = nil, limit: Int = 1000) async throws -> [BatchRecord] {
        try await batches(unfinishedOnly: false, drop: drop, limit: limit)
    }

    /// ``batches(unfinishedOnly:drop:limit:)`` with `drop` = `nil` (and the other defaults).
    public func batches(unfinishedOnly: Bool, limit: Int = 1000) async throws -> [BatchRecord] {
        try await batches(unfinishedOnly: unfinishedOnly, drop: nil, limit: limit)
    }

    /// ``batches(unfinishedOnly:drop:limit:)`` with `limit` = `1000`.
    public func batches(unfinishedOnly: Bool, drop: String?) async throws -> [BatchRecord] {
        try await batches(unfinishedOnly: unfinishedOnly, drop: drop, limit: 1000)
    }

    /// ``recordBatchFinished(_:at:)`` with `at` = `Date()`.
    public func recordBatchFinished(_ id: Int64) async throws {
        try await recordBatchFinished(id, at: Date())
    }

    /// ``cancelBatch(_:at:)`` with `at` = `Date()`.
    public func cancelBatch(_ id: Int64) async throws -> Int {
        try await cancelBatch(id, at: Date())
    }

    /// ``expireUnconfirmed(batchID:submittedBefore:at:)`` with `at` = `Date()`.
    public func expireUnconfirmed(batchID: Int64, submittedBefore cutoff: Date) async throws -> Int {
        try await expireUnconfirmed(batchID: batchID, submittedBefore: cutoff, at: Date())
    }

    /// ``updateStatus(messageID:to:reasonCode:at:)`` with `reasonCode` = `nil` (and the other defaults).
    @discardableResult
    public func updateStatus(messageID: Int64, to status: MessageStatus, at now: Date = Date()) async throws -> Bool {
        try await updateStatus(messageID: messageID, to: status, reasonCode: nil, at: now)
    }

    /// ``updateStatus(messageID:to:reasonCode:at:)`` with `at` = `Date()`.
    @discardableResult
    public func updateStatus(messageID: Int64, to status: MessageStatus, reasonCode: String?) async throws -> Bool {
        try await updateStatus(messageID: messageID, to: status, reasonCode: reasonCode, at: Date())
    }

    /// ``cancelForClient(markerFileID:drop:input:at:)`` with `at` = `Date()`.
    public func cancelForClient(
        markerFileID fileID: Int64,
        drop: String,
        input: String
    ) async throws -> ClientCancellation? {
        try await cancelForClient(markerFileID: fileID, drop: drop, input: input, at: Date())
    }

    /// ``recordDispatch(_:at:)`` with `at` = `Date()`.
    public func recordDispatch(_ records: [DispatchRecord]) async throws {
        try await recordDispatch(records, at: Date())
    }

    /// ``expireQueued(batchID:reason:sparing:at:)`` with `reason` = `.timeToLive` (and the other defaults).
    public func expireQueued(batchID: Int64, sparing: [Int64] = [], at now: Date = Date()) async throws -> Int {
        try await expireQueued(batchID: batchID, reason: .timeToLive, sparing: sparing, at: now)
    }

    /// ``expireQueued(batchID:reason:sparing:at:)`` with `sparing` = `[]` (and the other defaults).
    public func expireQueued(batchID: Int64, reason: BatchExpiry, at now: Date = Date()) async throws -> Int {
        try await expireQueued(batchID: batchID, reason: reason, sparing: [], at: now)
    }

    /// ``expireQueued(batchID:reason:sparing:at:)`` with `at` = `Date()`.
    public func expireQueued(batchID: Int64, reason: BatchExpiry, sparing: [Int64]) async throws -> Int {
        try await expireQueued(batchID: batchID, reason: reason, sparing: sparing, at: Date())
    }

    /// ``scheduledLater(than:)`` with `than` = `Date()`.
    public func scheduledLater() async throws -> [Int64: Int] {
        try await scheduledLater(than: Date())
    }
}
