import Foundation
import RemessaCore
import RemessaStore

// Requirements of the store interface not yet built on PostgreSQL: each throws until its real version replaces it.
extension PostgresStore {
    public func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>?
    ) async throws -> PublicationRecord {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordPublished(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func publications(of fileID: Int64) async throws -> [PublicationRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordDropPublicationIntent(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>
    ) async throws -> DropPublicationRecord {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordDropPublished(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func dropPublications(drop: String, kind: DropPublicationKind) async throws -> [DropPublicationRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

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
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func dueNotices(at now: Date, limit: Int) async throws -> [PendingNotice] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func nextNoticeDue() async throws -> Date? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordNoticeDelivered(_ id: String, at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordNoticeFailure(_ id: String, error: String, retryAt: Date?, at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func notices(drop: String?) async throws -> [NoticeRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        messageID: Int64?,
        at date: Date
    ) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func removeSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        at date: Date
    ) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressions(
        list: String,
        matching digits: String?,
        limit: Int,
        offset: Int
    ) async throws -> [SuppressionEntry] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressionCount(list: String, matching digits: String?) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppression(_ destination: String, list: String) async throws -> SuppressionEntry? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressedDestinations(lists: [String]) async throws -> Set<String> {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressionLists() async throws -> [String: Set<String>] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressionVersion() async throws -> Int64 {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressionHistory(_ destination: String, list: String) async throws -> [SuppressionLogEntry] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func lastSubmitted(to destination: String, route: String, since: Date) async throws -> ReplyAttribution? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordReply(
        route: String,
        from: String,
        text: String,
        at date: Date,
        attribution: ReplyAttribution?,
        optOut: Bool
    ) async throws -> (sequence: Int64, added: Bool) {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func replies(drop: String?, unattributed: Bool, limit: Int) async throws -> [ReplyRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func replies(drop: String, in sequences: ClosedRange<Int64>) async throws -> [ReplyRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func lastReplySequence(drop: String) async throws -> Int64 {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func suppressionChanges(list: String, in sequences: ClosedRange<Int64>) async throws -> [SuppressionLogEntry] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func lastSuppressionSequence(list: String) async throws -> Int64 {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordOptOutUpload(
        fileID: Int64,
        list: String,
        changes: [(number: String, action: OptOutUploadAction)],
        summary: IngestSummary,
        actor: String,
        reason: String,
        at now: Date
    ) async throws -> OptOutUploadChanges {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func dropActivity(since: Date) async throws -> [DropActivity] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func messagesSent(batchIDs: [Int64], since: Date) async throws -> [Int64: Int] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func messages(batchID: Int64, statuses: [MessageStatus], limit: Int) async throws -> [MessageRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func purgeableBatches(drop: String, finishedBefore cutoff: Date) async throws -> [PurgeableBatch] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func purgeMessages(of batchID: Int64, chunk: Int, at now: Date) async throws -> MessagePurge {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func checkpointAfterPurge() async throws -> Bool {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func purgeReplies(drop: String?, receivedBefore cutoff: Date, dryRun: Bool) async throws -> Int {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }
}
