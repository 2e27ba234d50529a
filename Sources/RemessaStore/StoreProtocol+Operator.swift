import Foundation
import RemessaCore

/// What a ``Store`` keeps of operator queries and retention.
public protocol OperatorStore: Sendable {
    /// Every drop the store has seen, by name, with its files since `since` and its live messages.
    func dropActivity(since: Date) async throws -> [DropActivity]

    /// How many messages of each batch left the queue at or after `since`: submitted then, or finished then
    /// without a submission (a provider's final refusal). Cancelled and timed-out (`UNCONFIRMED`) messages
    /// do not count: they are the operator's and the clock's doing, not throughput.
    ///
    /// Reads only the batch's newest events (the event log is appended in time order), so the cost follows the
    /// traffic of the window, not the size of the batch.
    func messagesSent(batchIDs: [Int64], since: Date) async throws -> [Int64: Int]

    /// The first `limit` messages of a batch in one of `statuses`, in line order.
    func messages(batchID: Int64, statuses: [MessageStatus], limit: Int) async throws -> [MessageRecord]

    /// Batches of `drop` whose final file went out before `cutoff` and whose messages still hold personal data.
    func purgeableBatches(drop: String, finishedBefore cutoff: Date) async throws -> [PurgeableBatch]

    /// Erases a finished batch's destinations, texts, correlation ids, client codes, tags and last errors, in
    /// transactions of ``SQLiteStore/purgeChunk`` messages, then marks it purged. Statuses, reasons, segments, times and the
    /// events stay, so the batch's counts and summary do not change. With `secure_delete` on, the old values are
    /// overwritten in the database file; ``checkpointAfterPurge()`` then clears them from the WAL.
    ///
    /// Safe to repeat: a purge cut short is finished by the next one.
    func purgeMessages(of batchID: Int64, chunk: Int, at now: Date) async throws -> MessagePurge

    /// Called after a purge, so the values it overwrote are gone from the store's log too. ``SQLiteStore``
    /// copies the WAL into the database and truncates it. Returns false when that could not be done now (for
    /// SQLite: readers kept the WAL from being emptied); the next purge tries again. `PostgresStore` runs `VACUUM`
    /// on the tables a purge erases from, so their dead row versions, which still hold the old values, are gone.
    @discardableResult
    func checkpointAfterPurge() async throws -> Bool

    /// Erases the number and text of replies received before `cutoff`, in transactions of ``SQLiteStore/purgeChunk``:
    /// `drop`'s once a published `replies.NNNN.csv` carries them (a replies file is never regenerated without
    /// them), or, with `drop` nil, the unattributed ones, which no file carries. The row stays (route, time, drop,
    /// message, opt-out), so the opt-out history it explains does too. Answers how many were erased, or with
    /// `dryRun` would be.
    func purgeReplies(drop: String?, receivedBefore cutoff: Date, dryRun: Bool) async throws -> Int
}

extension OperatorStore {
    /// ``purgeMessages(of:chunk:at:)`` with `chunk` = `SQLiteStore.purgeChunk` (and the other defaults).
    public func purgeMessages(of batchID: Int64, at now: Date = Date()) async throws -> MessagePurge {
        try await purgeMessages(of: batchID, chunk: SQLiteStore.purgeChunk, at: now)
    }

    /// ``purgeMessages(of:chunk:at:)`` with `at` = `Date()`.
    public func purgeMessages(of batchID: Int64, chunk: Int) async throws -> MessagePurge {
        try await purgeMessages(of: batchID, chunk: chunk, at: Date())
    }

    /// ``purgeReplies(drop:receivedBefore:dryRun:)`` with `dryRun` = `false`.
    public func purgeReplies(drop: String?, receivedBefore cutoff: Date) async throws -> Int {
        try await purgeReplies(drop: drop, receivedBefore: cutoff, dryRun: false)
    }
}
