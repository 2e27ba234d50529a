import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore
import Synchronization

extension PostgresStore {
    /// In the caller's transaction: the notice of a batch's event (`batch.finished`), when its drop notifies, as
    /// SQLite's `recordFileNotice` records it: the batch's file name and its messages per status, as the
    /// transaction sees them. A notice already recorded for the same event is kept (its id is the event's).
    func recordBatchNotice(
        _ event: NoticeEvent,
        batchID: Int64,
        at now: Date,
        on connection: PostgresConnection
    ) async throws {
        guard
            let file = try await self.row(
                "SELECT drop_name, name FROM file WHERE id = \(batchID)",
                on: connection
            )
        else { return }
        let drop: String = file["drop_name"]
        guard notifyingDrops.withLock({ $0.contains(drop) }) else { return }
        var statuses: [MessageStatus: Int] = [:]
        for row in try await self.rows(
            "SELECT status, count(*) AS n FROM message WHERE batch_id = \(batchID) GROUP BY status",
            on: connection
        ) {
            if let status = MessageStatus(rawValue: row["status"]) { statuses[status] = row["n"] }
        }
        let document = NoticeDocument(
            id: NoticeDocument.id(event: event, drop: drop, key: batchID),
            event: event,
            drop: drop,
            file: file["name"],
            batch: batchID,
            counts: MessageStatus.allCases.compactMap { status in statuses[status].map { (status.rawValue, $0) } },
            code: nil,
            at: Timestamp.iso8601(now)
        )
        try await self.execute(
            """
            INSERT INTO notice (id, drop_name, event, body, created_at, next_attempt_at)
            VALUES (\(document.id), \(document.drop), \(document.event.rawValue), \(document.json()),
            \(now.storeSeconds), \(now.storeSeconds))
            ON CONFLICT (id) DO NOTHING
            """,
            on: connection
        )
    }
}
