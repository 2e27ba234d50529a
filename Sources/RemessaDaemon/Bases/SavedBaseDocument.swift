import Foundation
import RemessaCore
import RemessaStore

/// `<name>.saved.json` (contract §10): exactly `base, layout, rows, validRows, rejectedRows, reasons, sha256,
/// savedAt, expiresAt`.
struct SavedBaseDocument: Encodable {
    var base: String
    var layout: String?
    var rows: Int
    var validRows: Int
    var rejectedRows: Int
    /// Rejected rows by code.
    var reasons: [String: Int]
    var sha256: String
    var savedAt: String
    var expiresAt: String?

    init(_ saved: SavedBase) {
        base = saved.name
        layout = saved.layout
        rows = saved.rows
        validRows = saved.validRows
        rejectedRows = saved.rejectedRows
        reasons = saved.reasons
        sha256 = saved.sha256
        savedAt = Timestamp.iso8601(saved.savedAt)
        expiresAt = saved.expiresAt.map { Timestamp.iso8601($0) }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
