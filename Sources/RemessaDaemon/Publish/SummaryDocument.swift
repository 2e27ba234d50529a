import Foundation
import RemessaCore
import RemessaStore

/// `<name>.summary.json`: counts per status, segments, first/last submit and duration. Its content depends only
/// on the store, so a retry after a crash produces the same bytes.
struct SummaryDocument: Encodable {
    var batch: Int64
    var file: String
    var drop: String
    var messages: Int
    var segments: Int
    var statuses: [String: Int]
    var firstSubmittedAt: String?
    var lastSubmittedAt: String?
    var finishedAt: String?
    var durationSeconds: Double?
    var cancelled: Bool

    init(batch: BatchRecord, totals: BatchTotals) {
        self.batch = batch.id
        self.file = batch.fileName
        self.drop = batch.drop
        self.messages = batch.messages
        self.segments = totals.segments
        self.statuses = Dictionary(uniqueKeysWithValues: batch.statusCounts.map { ($0.key.rawValue, $0.value) })
        self.firstSubmittedAt = totals.firstSubmittedAt.map { Timestamp.iso8601($0) }
        self.lastSubmittedAt = totals.lastSubmittedAt.map { Timestamp.iso8601($0) }
        self.finishedAt = totals.lastDoneAt.map { Timestamp.iso8601($0) }
        if let first = totals.firstSubmittedAt, let done = totals.lastDoneAt {
            self.durationSeconds = done.timeIntervalSince(first)
        }
        self.cancelled = batch.cancelledAt != nil
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
