import Foundation
import RemessaCore

extension NoticeDocument {
    /// The notice of `event` about the record `key` of `drop`, with its stable id, timed `now`: what each store
    /// records.
    package init(
        _ event: NoticeEvent,
        drop: String,
        key: Int64,
        file: String?,
        batch: Int64?,
        counts: [(String, Int)],
        code: String?,
        at now: Date
    ) {
        self.init(
            id: NoticeDocument.id(event: event, drop: drop, key: key),
            event: event,
            drop: drop,
            file: file,
            batch: batch,
            counts: counts,
            code: code,
            at: Timestamp.iso8601(now)
        )
    }

    /// The notice of a file's acceptance, rejection, batch's end or a base's save, from its `file` row (`drop_name`,
    /// `name`, `rows`, `accepted`, `rejected`, `error_code`) and, for a batch's end, its messages per status.
    package init(
        file row: some StoreRow,
        id fileID: Int64,
        event: NoticeEvent,
        statuses: [MessageStatus: Int],
        at now: Date
    ) {
        let counts: [(String, Int)] =
            switch event {
            case .batchFinished:
                MessageStatus.allCases.compactMap { status in statuses[status].map { (status.rawValue, $0) } }
            default:
                [("rows", row["rows"]), ("accepted", row["accepted"]), ("rejected", row["rejected"])]
            }
        self.init(
            event,
            drop: row["drop_name"],
            key: fileID,
            file: row["name"],
            batch: event == .fileRejected || event == .baseSaved ? nil : fileID,
            counts: counts,
            code: event == .fileRejected ? row["error_code"] : nil,
            at: now
        )
    }
}
