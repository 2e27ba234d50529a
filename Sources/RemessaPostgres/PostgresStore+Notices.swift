import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore
import Synchronization

extension PostgresStore {
    /// In the caller's transaction: the notice of a file's acceptance, rejection, batch's end or a base's save
    /// (its check's file row), when its drop notifies. The counts are read as the transaction sees them. The same
    /// notice recorded twice (two nodes, or a retry) is kept once: its id is fixed by the event.
    func recordFileNotice(
        on connection: PostgresConnection,
        fileID: Int64,
        event: NoticeEvent,
        at now: Date
    )
        async throws
    {
        guard
            let row = try await self.row(
                "SELECT drop_name, name, rows, accepted, rejected, error_code FROM file WHERE id = \(fileID)",
                on: connection
            )
        else { return }
        let drop: String = row["drop_name"]
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return }
        let statuses =
            event == .batchFinished ? try await self.statusCounts(on: connection, batchID: fileID) : [:]
        let document = NoticeDocument(file: row, id: fileID, event: event, statuses: statuses, at: now)
        try await self.insertNotice(on: connection, document, at: now)
    }

    /// Inserts `document` unless a notice with its id exists; answers whether it was new.
    @discardableResult
    func insertNotice(
        on connection: PostgresConnection,
        _ document: NoticeDocument,
        at now: Date
    ) async throws
        -> Bool
    {
        try await self.count(
            """
            INSERT INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
            VALUES (\(document.id), \(document.drop), \(document.event.rawValue), \(document.json()),
                    \(now.storeSeconds), \(now.storeSeconds))
            ON CONFLICT (id) DO NOTHING
            RETURNING 1
            """,
            on: connection
        ) == 1
    }

    /// A batch's messages per status, as the transaction sees them.
    func statusCounts(on connection: PostgresConnection, batchID: Int64) async throws -> [MessageStatus: Int] {
        var counts: [MessageStatus: Int] = [:]
        for row in try await self.rows(
            "SELECT status, count(*) AS n FROM message WHERE batch_id = \(batchID) GROUP BY status",
            on: connection
        ) {
            if let status = MessageStatus(rawValue: row["status"]) {
                counts[status] = row["n"]
            }
        }
        return counts
    }
}
