import Foundation
import RemessaCore

/// What a ``Store`` keeps of files, base checks and saved bases, and ingest.
public protocol FileStore: Sendable {
    /// Records the intent to claim `name` (from the inbox, or `optout/` for `kind` `optout`) by renaming it into
    /// `processing/` under `processingName(id)`, a name made from the new row's id; call before the rename. Answers
    /// the id and that name.
    ///
    /// Throws ``StoreError/Code/claimInProgress`` while another claim of the same name (and kind) in the drop is
    /// still in stage `claiming`: of two nodes that list the file at once, exactly one claims it.
    func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind,
        at now: Date
    ) async throws -> (id: Int64, processingName: String)

    /// Moves a file to `stage`; the common transitions without more data.
    func setStage(_ stage: FileStage, of fileID: Int64, at now: Date) async throws

    /// Records the spooled copy's size and hash (stage `downloaded`).
    func recordDownload(of fileID: Int64, size: Int64, sha256: String) async throws

    /// Records where the original is about to be moved (stage `moving`); call before the rename.
    func recordMoveIntent(of fileID: Int64, to movedTo: String) async throws

    /// Records a whole-file rejection, with the spooled error file written (stage `ingested`).
    func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String,
        at now: Date
    ) async throws

    /// One file by id.
    func file(_ id: Int64) async throws -> FileRecord?

    /// The drop's files that still need a step, oldest first: what a restart resumes.
    func unfinishedFiles(drop: String) async throws -> [FileRecord]

    /// A file of `drop` with this content that was accepted at or after `since`, if any.
    func acceptedFile(drop: String, sha256: String, since: Date, excluding fileID: Int64) async throws -> FileRecord?

    /// The most recent files, newest first, optionally of one drop.
    func recentFiles(drop: String?, limit: Int) async throws -> [FileRecord]

    /// Records the start of a check of `bases/<name>` as listed; the file is read where it is (stage `claimed`).
    func recordBaseCheck(
        drop: String,
        name: String,
        remoteSize: Int64,
        remoteModification: Int64,
        at now: Date
    ) async throws -> Int64

    /// The latest check of `bases/<name>`, finished or not.
    func latestBaseCheck(drop: String, name: String) async throws -> FileRecord?

    /// Records a check's verdict, the file's (stage `ingested`) and the name's (`base`), in one transaction.
    func recordBaseVerdict(
        _ base: SavedBase,
        summary: IngestSummary,
        rejection: (code: String, message: String)?
    ) async throws

    /// The drop's bases as last checked, by name (every state).
    func savedBases(drop: String) async throws -> [SavedBase]

    /// One base as last checked.
    func savedBase(drop: String, name: String) async throws -> SavedBase?

    /// Marks a saved base expired: recorded before its file is deleted, so a crash in between deletes it on
    /// the next poll.
    func markBaseExpired(drop: String, name: String) async throws

    /// Forgets a base the client deleted.
    func forgetBase(drop: String, name: String) async throws

    /// Records a campaign file's dedupe key: its content's hash with its base's.
    func recordCampaignKey(of fileID: Int64, _ key: String) async throws

    /// A campaign of `drop` with this key accepted at or after `since`, other than `fileID`.
    func acceptedCampaign(drop: String, key: String, since: Date, excluding fileID: Int64) async throws -> FileRecord?

    /// Records a file validated and accepted but sent nothing (a campaign's `validateOnly`): stage `ingested`,
    /// no batch.
    func recordValidatedOnly(of fileID: Int64, summary: IngestSummary, at now: Date) async throws

    /// Runs `body` (validation) on a thread of its own while the messages it writes are committed in short
    /// transactions of a few thousand rows, so other writers (dispatch outcomes, delivery reports) wait at most
    /// one of those, never the whole file. The messages are staged: they name the batch (id = the file's id),
    /// but no batch row exists until `body` returns `.commit`; then one short transaction creates it and moves
    /// the file to `ingested`/`accepted`, and the whole file becomes visible at once. Every reader finds messages
    /// through their batch, so staged ones are never seen. On `.rollback` or an error the staged messages are
    /// deleted; after a crash, the next ingest of the file deletes them first (``discardStaged(fileID:)``).
    ///
    /// Ingests run one at a time (ids are assigned from the highest stored one).
    func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        at now: Date,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value

    /// Deletes the staged messages of a file that has no batch (an ingest cut short by a crash or an error), a
    /// few thousand rows per transaction.
    func discardStaged(fileID: Int64) async throws
}

extension FileStore {
    /// ``recordClaimIntent(drop:name:processingName:remoteSize:remoteModification:kind:at:)`` with `kind` = `.inbox` (and the other defaults).
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        at now: Date = Date()
    ) async throws -> (id: Int64, processingName: String) {
        try await recordClaimIntent(
            drop: drop,
            name: name,
            processingName: processingName,
            remoteSize: remoteSize,
            remoteModification: remoteModification,
            kind: .inbox,
            at: now
        )
    }

    /// ``recordClaimIntent(drop:name:processingName:remoteSize:remoteModification:kind:at:)`` with `at` = `Date()`.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind
    ) async throws -> (id: Int64, processingName: String) {
        try await recordClaimIntent(
            drop: drop,
            name: name,
            processingName: processingName,
            remoteSize: remoteSize,
            remoteModification: remoteModification,
            kind: kind,
            at: Date()
        )
    }

    /// ``recordClaimIntent(drop:name:processingName:remoteSize:remoteModification:kind:at:)`` with a name chosen
    /// beforehand, for fixtures that do not rename anything; answers the id.
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind = .inbox,
        at now: Date = Date()
    ) async throws -> Int64 {
        try await recordClaimIntent(
            drop: drop,
            name: name,
            processingName: { _ in processingName },
            remoteSize: remoteSize,
            remoteModification: remoteModification,
            kind: kind,
            at: now
        ).id
    }

    /// ``setStage(_:of:at:)`` with `at` = `Date()`.
    public func setStage(_ stage: FileStage, of fileID: Int64) async throws {
        try await setStage(stage, of: fileID, at: Date())
    }

    /// ``recordRejection(of:summary:errorCode:errorMessage:at:)`` with `at` = `Date()`.
    public func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String
    ) async throws {
        try await recordRejection(
            of: fileID,
            summary: summary,
            errorCode: errorCode,
            errorMessage: errorMessage,
            at: Date()
        )
    }

    /// ``recentFiles(drop:limit:)`` with `drop` = `nil` (and the other defaults).
    public func recentFiles(limit: Int = 50) async throws -> [FileRecord] {
        try await recentFiles(drop: nil, limit: limit)
    }

    /// ``recentFiles(drop:limit:)`` with `limit` = `50`.
    public func recentFiles(drop: String?) async throws -> [FileRecord] {
        try await recentFiles(drop: drop, limit: 50)
    }

    /// ``recordBaseCheck(drop:name:remoteSize:remoteModification:at:)`` with `at` = `Date()`.
    public func recordBaseCheck(
        drop: String,
        name: String,
        remoteSize: Int64,
        remoteModification: Int64
    ) async throws -> Int64 {
        try await recordBaseCheck(
            drop: drop,
            name: name,
            remoteSize: remoteSize,
            remoteModification: remoteModification,
            at: Date()
        )
    }

    /// ``recordValidatedOnly(of:summary:at:)`` with `at` = `Date()`.
    public func recordValidatedOnly(of fileID: Int64, summary: IngestSummary) async throws {
        try await recordValidatedOnly(of: fileID, summary: summary, at: Date())
    }

    /// ``ingest(fileID:drop:route:settings:at:_:)`` with `settings` = `BatchSettings()` (and the other defaults).
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        at now: Date = Date(),
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        try await ingest(fileID: fileID, drop: drop, route: route, settings: BatchSettings(), at: now, body)
    }

    /// ``ingest(fileID:drop:route:settings:at:_:)`` with `at` = `Date()`.
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        try await ingest(fileID: fileID, drop: drop, route: route, settings: settings, at: Date(), body)
    }
}
