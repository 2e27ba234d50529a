import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

/// Client opt-out uploads (contract §11) on PostgreSQL, as ``SQLiteStore``'s: the upload's changes and its
/// file's verdict in one transaction. It holds the lists' lock (``listsLockKey``) and the file's row
/// (`FOR UPDATE`), so an upload two nodes apply at once is applied by one: the other finds the file no longer
/// `downloaded` and changes nothing.
extension PostgresStore {
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
        // Consecutive lines of one action go in as one array (two statements), whatever their number.
        var runs: [(action: OptOutUploadAction, numbers: [String])] = []
        var start = changes.startIndex
        while start < changes.endIndex {
            let action = changes[start].action
            let end = changes[start...].firstIndex { $0.action != action } ?? changes.endIndex
            runs.append((action, changes[start..<end].map(\.number)))
            start = end
        }
        let batches = runs
        let change = ListChange(actor: actor, reason: reason, source: .client, messageID: nil, at: now)
        return try await self.transaction { connection in
            var result = OptOutUploadChanges()
            try await self.lockLists(on: connection)
            let row = try await self.row("SELECT stage FROM file WHERE id = \(fileID) FOR UPDATE", on: connection)
            guard let row, row["stage"] as String == FileStage.downloaded.rawValue else { return result }
            for run in batches {
                switch run.action {
                case .add:
                    result.added += try await self.addSuppression(
                        run.numbers,
                        list: list,
                        change: change,
                        on: connection
                    )
                case .remove:
                    result.removed += try await self.removeSuppression(
                        run.numbers,
                        list: list,
                        change: change,
                        on: connection
                    )
                }
            }
            try await self.execute(
                """
                UPDATE file SET stage = 'ingested', outcome = 'accepted', encoding = \(summary.encoding),
                rows = \(summary.rows), accepted = \(summary.accepted), rejected = \(summary.rejected), segments = 0,
                ingested_at = \(now.storeSeconds) WHERE id = \(fileID)
                """,
                on: connection
            )
            result.applied = true
            return result
        }
    }
}
