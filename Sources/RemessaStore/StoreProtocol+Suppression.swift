import Foundation
import RemessaCore

/// What a ``Store`` keeps of the suppression lists, replies and client opt-out uploads.
public protocol SuppressionStore: Sendable {
    /// Adds `destinations` (E.164 digits) to `list` in one transaction and returns how many were not on it yet.
    ///
    /// Those already there keep their first `addedAt`, `addedBy` and `reason`, and are not logged again; a
    /// destination repeated in `destinations` counts once.
    @discardableResult
    func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        messageID: Int64?,
        at date: Date
    ) async throws -> Int

    /// Removes `destinations` from `list` in one transaction and returns how many were on it.
    @discardableResult
    func removeSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        at date: Date
    ) async throws -> Int

    /// A page of `list` in destination order; `matching` keeps the destinations that contain those digits.
    func suppressions(
        list: String,
        matching digits: String?,
        limit: Int,
        offset: Int
    ) async throws -> [SuppressionEntry]

    /// How many destinations are on `list` (containing `digits`, when given).
    func suppressionCount(list: String, matching digits: String?) async throws -> Int

    /// The entry of `destination` on `list`, or `nil` when it is not there.
    func suppression(_ destination: String, list: String) async throws -> SuppressionEntry?

    /// Every destination on any of `lists`, for the ingest to test a file's rows against without a query each.
    func suppressedDestinations(lists: [String]) async throws -> Set<String>

    /// Every list with its destinations, for the dispatcher's check. About 50 bytes an entry (a number is an
    /// inline string), so a million entries take some 50 MB.
    func suppressionLists() async throws -> [String: Set<String>]

    /// The newest sequence of the suppression log, 0 for none: it changes with every change to any list, so a
    /// reader holding ``suppressionLists()`` reloads only when this moved.
    func suppressionVersion() async throws -> Int64

    /// Every change to `destination` on `list`, oldest first.
    func suppressionHistory(_ destination: String, list: String) async throws -> [SuppressionLogEntry]

    /// The last message submitted to `destination` through `route` at or after `since`, if any.
    func lastSubmitted(to destination: String, route: String, since: Date) async throws -> ReplyAttribution?

    /// Records a reply and, for an opt-out, puts `from` on the attributed drop's own list (source `reply`), in
    /// one transaction; returns the reply's sequence and whether the number was not on that list yet.
    func recordReply(
        route: String,
        from: String,
        text: String,
        at date: Date,
        attribution: ReplyAttribution?,
        optOut: Bool
    ) async throws -> (sequence: Int64, added: Bool)

    /// Replies newest first: a drop's (`drop`), the unattributed ones (`unattributed`), or all.
    func replies(drop: String?, unattributed: Bool, limit: Int) async throws -> [ReplyRecord]

    /// The replies attributed to `drop` within `sequences`, in order.
    func replies(drop: String, in sequences: ClosedRange<Int64>) async throws -> [ReplyRecord]

    /// The newest reply attributed to `drop`, 0 for none.
    func lastReplySequence(drop: String) async throws -> Int64

    /// The changes to `list` within `sequences`, in order.
    func suppressionChanges(list: String, in sequences: ClosedRange<Int64>) async throws -> [SuppressionLogEntry]

    /// The newest change to `list`, 0 for none.
    func lastSuppressionSequence(list: String) async throws -> Int64

    /// Applies an upload's `changes` to `list` in file order (a number added then removed in one file ends off the
    /// list) and records the file's verdict (stage `ingested`, accepted) in one transaction, so a crash either
    /// applies nothing, and the upload is read again, or applies it once. The log rows carry source `client`;
    /// the answer file must be spooled before this is called.
    ///
    /// A file no longer `downloaded` (its verdict already recorded) changes nothing.
    func recordOptOutUpload(
        fileID: Int64,
        list: String,
        changes: [(number: String, action: OptOutUploadAction)],
        summary: IngestSummary,
        actor: String,
        reason: String,
        at now: Date
    ) async throws -> OptOutUploadChanges
}

extension SuppressionStore {
    /// ``addSuppression(_:list:actor:reason:source:messageID:at:)`` with `list` = `OptOutListName.global` (and the other defaults).
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        actor: String,
        reason: String,
        source: OptOutSource = .operator,
        messageID: Int64? = nil,
        at date: Date = Date()
    ) async throws -> Int {
        try await addSuppression(
            destinations,
            list: OptOutListName.global,
            actor: actor,
            reason: reason,
            source: source,
            messageID: messageID,
            at: date
        )
    }

    /// ``addSuppression(_:list:actor:reason:source:messageID:at:)`` with `source` = `.operator` (and the other defaults).
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        messageID: Int64? = nil,
        at date: Date = Date()
    ) async throws -> Int {
        try await addSuppression(
            destinations,
            list: list,
            actor: actor,
            reason: reason,
            source: .operator,
            messageID: messageID,
            at: date
        )
    }

    /// ``addSuppression(_:list:actor:reason:source:messageID:at:)`` with `messageID` = `nil` (and the other defaults).
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        at date: Date = Date()
    ) async throws -> Int {
        try await addSuppression(
            destinations,
            list: list,
            actor: actor,
            reason: reason,
            source: source,
            messageID: nil,
            at: date
        )
    }

    /// ``addSuppression(_:list:actor:reason:source:messageID:at:)`` with `at` = `Date()`.
    @discardableResult
    public func addSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource,
        messageID: Int64?
    ) async throws -> Int {
        try await addSuppression(
            destinations,
            list: list,
            actor: actor,
            reason: reason,
            source: source,
            messageID: messageID,
            at: Date()
        )
    }

    /// ``removeSuppression(_:list:actor:reason:source:at:)`` with `list` = `OptOutListName.global` (and the other defaults).
    @discardableResult
    public func removeSuppression(
        _ destinations: [String],
        actor: String,
        reason: String,
        source: OptOutSource = .operator,
        at date: Date = Date()
    ) async throws -> Int {
        try await removeSuppression(
            destinations,
            list: OptOutListName.global,
            actor: actor,
            reason: reason,
            source: source,
            at: date
        )
    }

    /// ``removeSuppression(_:list:actor:reason:source:at:)`` with `source` = `.operator` (and the other defaults).
    @discardableResult
    public func removeSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        at date: Date = Date()
    ) async throws -> Int {
        try await removeSuppression(destinations, list: list, actor: actor, reason: reason, source: .operator, at: date)
    }

    /// ``removeSuppression(_:list:actor:reason:source:at:)`` with `at` = `Date()`.
    @discardableResult
    public func removeSuppression(
        _ destinations: [String],
        list: String,
        actor: String,
        reason: String,
        source: OptOutSource
    ) async throws -> Int {
        try await removeSuppression(destinations, list: list, actor: actor, reason: reason, source: source, at: Date())
    }

    /// ``suppressions(list:matching:limit:offset:)`` with `list` = `OptOutListName.global` (and the other defaults).
    public func suppressions(
        matching digits: String? = nil,
        limit: Int,
        offset: Int = 0
    ) async throws -> [SuppressionEntry] {
        try await suppressions(list: OptOutListName.global, matching: digits, limit: limit, offset: offset)
    }

    /// ``suppressions(list:matching:limit:offset:)`` with `matching` = `nil` (and the other defaults).
    public func suppressions(list: String, limit: Int, offset: Int = 0) async throws -> [SuppressionEntry] {
        try await suppressions(list: list, matching: nil, limit: limit, offset: offset)
    }

    /// ``suppressions(list:matching:limit:offset:)`` with `offset` = `0`.
    public func suppressions(list: String, matching digits: String?, limit: Int) async throws -> [SuppressionEntry] {
        try await suppressions(list: list, matching: digits, limit: limit, offset: 0)
    }

    /// ``suppressionCount(list:matching:)`` with `list` = `OptOutListName.global` (and the other defaults).
    public func suppressionCount(matching digits: String? = nil) async throws -> Int {
        try await suppressionCount(list: OptOutListName.global, matching: digits)
    }

    /// ``suppressionCount(list:matching:)`` with `matching` = `nil`.
    public func suppressionCount(list: String) async throws -> Int {
        try await suppressionCount(list: list, matching: nil)
    }

    /// ``suppression(_:list:)`` with `list` = `OptOutListName.global`.
    public func suppression(_ destination: String) async throws -> SuppressionEntry? {
        try await suppression(destination, list: OptOutListName.global)
    }

    /// ``suppressionHistory(_:list:)`` with `list` = `OptOutListName.global`.
    public func suppressionHistory(_ destination: String) async throws -> [SuppressionLogEntry] {
        try await suppressionHistory(destination, list: OptOutListName.global)
    }

    /// ``replies(drop:unattributed:limit:)`` with `drop` = `nil` (and the other defaults).
    public func replies(unattributed: Bool = false, limit: Int) async throws -> [ReplyRecord] {
        try await replies(drop: nil, unattributed: unattributed, limit: limit)
    }

    /// ``replies(drop:unattributed:limit:)`` with `unattributed` = `false`.
    public func replies(drop: String?, limit: Int) async throws -> [ReplyRecord] {
        try await replies(drop: drop, unattributed: false, limit: limit)
    }

    /// ``recordOptOutUpload(fileID:list:changes:summary:actor:reason:at:)`` with `at` = `Date()`.
    public func recordOptOutUpload(
        fileID: Int64,
        list: String,
        changes: [(number: String, action: OptOutUploadAction)],
        summary: IngestSummary,
        actor: String,
        reason: String
    ) async throws -> OptOutUploadChanges {
        try await recordOptOutUpload(
            fileID: fileID,
            list: list,
            changes: changes,
            summary: summary,
            actor: actor,
            reason: reason,
            at: Date()
        )
    }
}
