import Foundation
import RemessaCore

/// What a ``Store`` keeps of outbox publications and notices.
public protocol PublicationStore: Sendable {
    /// Records that an outbox file is about to be uploaded; returns the record already there when the intent
    /// was recorded before (a retry after a crash), so the retry uploads the same content under the same name.
    func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>?
    ) async throws -> PublicationRecord

    /// Records the name an upload ended under.
    func recordPublished(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws

    /// Every publication of a file, in the order they were recorded.
    func publications(of fileID: Int64) async throws -> [PublicationRecord]

    /// Records that a drop file is about to be uploaded; returns the record already there when the intent was
    /// recorded before (a retry after a crash), so the retry uploads the same rows under the same name.
    func recordDropPublicationIntent(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>
    ) async throws -> DropPublicationRecord

    /// Records the name an upload ended under.
    func recordDropPublished(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws

    /// A drop's publications of `kind`, in number order.
    func dropPublications(drop: String, kind: DropPublicationKind) async throws -> [DropPublicationRecord]

    /// Which drops have `notify:`: only their files, batches and bases get notices recorded (the daemon sets
    /// this at start and on each reload).
    func setNotifyingDrops(_ drops: Set<String>)

    /// Records a notice for `drop` if it notifies, in its own transaction: for events outside the store's own
    /// writes, such as `base.saved` (`key` is the base's id, so the notice id is stable). Answers whether one
    /// was recorded (false: the drop has no `notify:`, or this notice is recorded already).
    @discardableResult
    func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?,
        at now: Date
    ) async throws -> Bool

    /// Notices due by `now`, oldest first. On PostgreSQL, where every node delivers notices, the answer is a
    /// claim: those notices are not due again for a minute (`PostgresStore.noticeClaim`), so another node does
    /// not POST them at the same time; the outcome recorded replaces the claim.
    func dueNotices(at now: Date, limit: Int) async throws -> [PendingNotice]

    /// When the next notice is due; nil when none is waiting.
    func nextNoticeDue() async throws -> Date?

    /// The receiver answered 2xx.
    func recordNoticeDelivered(_ id: String, at now: Date) async throws

    /// An attempt failed (`error` says how): try again at `retryAt`, or give up when it is nil.
    func recordNoticeFailure(_ id: String, error: String, retryAt: Date?, at now: Date) async throws

    /// A drop's notices, oldest first (every drop's when nil).
    func notices(drop: String?) async throws -> [NoticeRecord]
}

extension PublicationStore {
    /// ``recordPublicationIntent(fileID:kind:number:name:sequences:)`` with `number` = `0` (and the other defaults).
    public func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        name: String,
        sequences: ClosedRange<Int64>? = nil
    ) async throws -> PublicationRecord {
        try await recordPublicationIntent(fileID: fileID, kind: kind, number: 0, name: name, sequences: sequences)
    }

    /// ``recordPublicationIntent(fileID:kind:number:name:sequences:)`` with `sequences` = `nil`.
    public func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        name: String
    ) async throws -> PublicationRecord {
        try await recordPublicationIntent(fileID: fileID, kind: kind, number: number, name: name, sequences: nil)
    }

    /// ``recordPublished(fileID:kind:number:as:at:)`` with `number` = `0` (and the other defaults).
    public func recordPublished(
        fileID: Int64,
        kind: PublicationKind,
        as publishedName: String,
        at now: Date = Date()
    ) async throws {
        try await recordPublished(fileID: fileID, kind: kind, number: 0, as: publishedName, at: now)
    }

    /// ``recordPublished(fileID:kind:number:as:at:)`` with `at` = `Date()`.
    public func recordPublished(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        as publishedName: String
    ) async throws {
        try await recordPublished(fileID: fileID, kind: kind, number: number, as: publishedName, at: Date())
    }

    /// ``recordDropPublished(drop:kind:number:as:at:)`` with `at` = `Date()`.
    public func recordDropPublished(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        as publishedName: String
    ) async throws {
        try await recordDropPublished(drop: drop, kind: kind, number: number, as: publishedName, at: Date())
    }

    /// ``recordNotice(_:drop:key:file:batch:counts:code:at:)`` with `batch` = `nil` (and the other defaults).
    @discardableResult
    public func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        counts: [(String, Int)],
        code: String? = nil,
        at now: Date = Date()
    ) async throws -> Bool {
        try await recordNotice(event, drop: drop, key: key, file: file, batch: nil, counts: counts, code: code, at: now)
    }

    /// ``recordNotice(_:drop:key:file:batch:counts:code:at:)`` with `code` = `nil` (and the other defaults).
    @discardableResult
    public func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        at now: Date = Date()
    ) async throws -> Bool {
        try await recordNotice(
            event,
            drop: drop,
            key: key,
            file: file,
            batch: batch,
            counts: counts,
            code: nil,
            at: now
        )
    }

    /// ``recordNotice(_:drop:key:file:batch:counts:code:at:)`` with `at` = `Date()`.
    @discardableResult
    public func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?
    ) async throws -> Bool {
        try await recordNotice(
            event,
            drop: drop,
            key: key,
            file: file,
            batch: batch,
            counts: counts,
            code: code,
            at: Date()
        )
    }

    /// ``dueNotices(at:limit:)`` with `at` = `Date()` (and the other defaults).
    public func dueNotices(limit: Int = 100) async throws -> [PendingNotice] {
        try await dueNotices(at: Date(), limit: limit)
    }

    /// ``dueNotices(at:limit:)`` with `limit` = `100`.
    public func dueNotices(at now: Date) async throws -> [PendingNotice] {
        try await dueNotices(at: now, limit: 100)
    }

    /// ``recordNoticeDelivered(_:at:)`` with `at` = `Date()`.
    public func recordNoticeDelivered(_ id: String) async throws {
        try await recordNoticeDelivered(id, at: Date())
    }

    /// ``recordNoticeFailure(_:error:retryAt:at:)`` with `at` = `Date()`.
    public func recordNoticeFailure(_ id: String, error: String, retryAt: Date?) async throws {
        try await recordNoticeFailure(id, error: error, retryAt: retryAt, at: Date())
    }

    /// ``notices(drop:)`` with `drop` = `nil`.
    public func notices() async throws -> [NoticeRecord] {
        try await notices(drop: nil)
    }
}
