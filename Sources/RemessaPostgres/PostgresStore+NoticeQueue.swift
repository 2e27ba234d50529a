import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore
import Synchronization

/// The notice queue on PostgreSQL, as ``SQLiteStore``'s, with one difference: every node runs a notice service,
/// so ``dueNotices(at:limit:)`` *claims* what it answers. The notices it takes are locked (`FOR UPDATE SKIP
/// LOCKED`) and their next attempt moved ``noticeClaim`` ahead in the same statement, so a node asking at the same
/// moment gets other notices, or none, and never POSTs the same notice at the same time. The claimant's outcome
/// (``recordNoticeDelivered(_:at:)``, ``recordNoticeFailure(_:error:retryAt:at:)``) replaces the claim; a node
/// that dies before recording one leaves the notice due again when the claim runs out (at least once, as the
/// contract's section 11 asks).
extension PostgresStore {
    /// How long a claimed notice stays with the node that took it: far longer than one attempt (the notice
    /// service's requests time out after 10 s).
    public static let noticeClaim: TimeInterval = 60

    /// See ``Store``.
    @discardableResult
    public func recordNotice(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?,
        at now: Date
    ) async throws -> Bool {
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return false }
        let document = NoticeDocument(
            event,
            drop: drop,
            key: key,
            file: file,
            batch: batch,
            counts: counts,
            code: code,
            at: now
        )
        let inserted = try await self.count(
            """
            INSERT INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
            VALUES (\(document.id), \(document.drop), \(document.event.rawValue), \(document.json()), \
            \(now.storeSeconds), \(now.storeSeconds))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """
        )
        return inserted == 1
    }

    /// See ``Store``. Claims the notices it answers for ``noticeClaim`` (see above).
    public func dueNotices(at now: Date, limit: Int) async throws -> [PendingNotice] {
        let claimedUntil = now.addingTimeInterval(Self.noticeClaim).storeSeconds
        return try await self.rows(
            """
            WITH due AS (
                SELECT id, next_attempt_at FROM notice
                WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= \(now.storeSeconds)
                ORDER BY next_attempt_at, created_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE notice SET next_attempt_at = \(claimedUntil) FROM due WHERE notice.id = due.id
                RETURNING notice.id, notice.drop_name, notice.event, notice.body, notice.created_at,
                notice.attempts, due.next_attempt_at AS due_at
            )
            SELECT * FROM claimed ORDER BY due_at, created_at
            """
        ).map(PendingNotice.init(row:))
    }

    /// See ``Store``.
    public func nextNoticeDue() async throws -> Date? {
        try await self.rows(
            """
            SELECT min(next_attempt_at) AS due FROM notice WHERE delivered_at IS NULL AND abandoned_at IS NULL
            """
        ).first.flatMap { $0["due"] as Double? }.map(Date.init(storeSeconds:))
    }

    /// See ``Store``.
    public func recordNoticeDelivered(_ id: String, at now: Date) async throws {
        try await self.execute(
            """
            UPDATE notice SET delivered_at = \(now.storeSeconds), attempts = attempts + 1, last_error = NULL
            WHERE id = \(id)
            """
        )
    }

    /// See ``Store``.
    public func recordNoticeFailure(_ id: String, error: String, retryAt: Date?, at now: Date) async throws {
        let retry = retryAt?.storeSeconds
        try await self.execute(
            """
            UPDATE notice SET attempts = attempts + 1, last_error = \(error),
            next_attempt_at = coalesce(\(retry)::double precision, next_attempt_at),
            abandoned_at = CASE WHEN \(retry)::double precision IS NULL THEN \(now.storeSeconds) END
            WHERE id = \(id)
            """
        )
    }

    /// See ``Store``.
    public func notices(drop: String?) async throws -> [NoticeRecord] {
        try await self.rows(
            """
            SELECT * FROM notice WHERE \(drop)::text IS NULL OR drop_name = \(drop) ORDER BY created_at, id
            """
        ).map(NoticeRecord.init(row:))
    }
}
