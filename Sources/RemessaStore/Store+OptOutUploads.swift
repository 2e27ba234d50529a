import Foundation
import GRDB
import RemessaCore

/// What applying an upload changed.
public struct OptOutUploadChanges: Sendable, Equatable {
    /// Numbers put on the list (not already there).
    public var added = 0
    /// Numbers taken off it (that were there).
    public var removed = 0
    /// Whether this call applied the upload; `false` when it had been applied before (a repeated step).
    public var applied = false

    package init(added: Int = 0, removed: Int = 0, applied: Bool = false) {
        self.added = added
        self.removed = removed
        self.applied = applied
    }
}

/// Client opt-out uploads (contract §11): a file of kind `optout`, claimed from `optout/` and taken through the
/// same recorded steps as an inbox file, whose ingest applies its lines to the drop's own list.
extension SQLiteStore {
    /// See ``Store``.
    public func recordOptOutUpload(
        fileID: Int64,
        list: String,
        changes: [(number: String, action: OptOutUploadAction)],
        summary: IngestSummary,
        actor: String,
        reason: String,
        at now: Date
    ) async throws -> OptOutUploadChanges {
        // Consecutive lines of one action go in as one JSON array (two statements), whatever their number.
        var runs: [(action: OptOutUploadAction, numbers: String)] = []
        var start = changes.startIndex
        while start < changes.endIndex {
            let action = changes[start].action
            let end = changes[start...].firstIndex { $0.action != action } ?? changes.endIndex
            runs.append((action, try Self.jsonArray(changes[start..<end].map(\.number))))
            start = end
        }
        let batches = runs
        let change = SuppressionChange(actor: actor, reason: reason, source: .client, messageID: nil, at: now)
        return try await pool.write { db in
            var result = OptOutUploadChanges()
            let stage = try String.fetchOne(db, sql: "SELECT stage FROM file WHERE id = ?", arguments: [fileID])
            guard stage == FileStage.downloaded.rawValue else { return result }
            for run in batches {
                switch run.action {
                case .add: result.added += try Self.addSuppression(db, numbers: run.numbers, list: list, change: change)
                case .remove:
                    result.removed += try Self.removeSuppression(db, numbers: run.numbers, list: list, change: change)
                }
            }
            try db.execute(
                sql: """
                    UPDATE file SET stage = 'ingested', outcome = 'accepted', encoding = ?, rows = ?, accepted = ?,
                    rejected = ?, segments = 0, ingested_at = ? WHERE id = ?
                    """,
                arguments: [
                    summary.encoding, summary.rows, summary.accepted, summary.rejected, now.storeSeconds, fileID,
                ]
            )
            result.applied = true
            return result
        }
    }
}
