import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore
import Synchronization

/// The notices of a file's events (contract §12), recorded in the transaction of the event itself, as
/// ``SQLiteStore`` records them: a crash never keeps the event and loses its notice, nor the reverse.
extension PostgresStore {
    /// In the caller's transaction: the notice of a file's acceptance, rejection, batch's end or a base's save
    /// (its check's file row), when its drop notifies. The counts are read as the transaction sees them.
    func recordFileNotice(
        on connection: PostgresConnection,
        fileID: Int64,
        event: NoticeEvent,
        at now: Date
    ) async throws {
        guard
            let row = try await self.row(
                "SELECT drop_name, name, rows, accepted, rejected, error_code FROM file WHERE id = \(fileID)",
                on: connection
            )
        else { return }
        let drop: String = row["drop_name"]
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return }
        var counts: [(String, Int)]
        switch event {
        case .batchFinished:
            let statuses = try await self.rows(
                "SELECT status, count(*) AS n FROM message WHERE batch_id = \(fileID) GROUP BY status",
                on: connection
            )
            var byStatus: [MessageStatus: Int] = [:]
            for status in statuses {
                if let known = MessageStatus(rawValue: status["status"]) { byStatus[known] = status["n"] }
            }
            counts = MessageStatus.allCases.compactMap { status in byStatus[status].map { (status.rawValue, $0) } }
        default:
            counts = [("rows", row["rows"]), ("accepted", row["accepted"]), ("rejected", row["rejected"])]
        }
        let document = NoticeDocument(
            id: NoticeDocument.id(event: event, drop: drop, key: fileID),
            event: event,
            drop: drop,
            file: row["name"],
            batch: event == .fileRejected || event == .baseSaved ? nil : fileID,
            counts: counts,
            code: event == .fileRejected ? row["error_code"] : nil,
            at: Timestamp.iso8601(now)
        )
        try await self.insertFileNotice(on: connection, document, at: now)
    }

    /// Inserts `document` unless a notice with its id exists (the same event recorded again); answers whether
    /// it went in.
    @discardableResult
    func insertFileNotice(
        on connection: PostgresConnection,
        _ document: NoticeDocument,
        at now: Date
    ) async throws -> Bool {
        try await self.count(
            """
            INSERT INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
            VALUES (\(document.id), \(document.drop), \(document.event.rawValue), \(document.json()),
                \(now.storeSeconds), \(now.storeSeconds))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """,
            on: connection
        ) == 1
    }
}
