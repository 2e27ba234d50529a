import Foundation
import GRDB

/// A file in a drop's `bases/` as Remessa last checked it (contract §10).
public struct SavedBase: Sendable, Equatable {
    public var drop: String
    public var name: String
    /// The check (a `file` row) that judged this content.
    public var fileID: Int64
    public var state: State
    public var sha256: String
    /// The listing's size and modification time at the check.
    public var size: Int64
    public var modification: Int64
    public var layout: String?
    public var rows: Int
    public var validRows: Int
    public var rejectedRows: Int
    /// Rejected rows by code.
    public var reasons: [String: Int]
    /// When a base of this name was first saved (kept when it changes); nil for one never saved.
    public var firstSavedAt: Date?
    /// When this content was checked.
    public var savedAt: Date
    /// When it is deleted from `bases/` (`baseRetention` after `firstSavedAt`).
    public var expiresAt: Date?

    public enum State: String, Sendable, Equatable {
        /// Good, in `bases/`, usable by campaigns.
        case saved
        /// Rejected as a whole and moved to `failed/`.
        case rejected
        /// Deleted from `bases/` at `expiresAt`.
        case expired
    }

    public init(
        drop: String,
        name: String,
        fileID: Int64,
        state: State,
        sha256: String,
        size: Int64,
        modification: Int64,
        layout: String?,
        rows: Int,
        validRows: Int,
        rejectedRows: Int,
        reasons: [String: Int],
        firstSavedAt: Date?,
        savedAt: Date,
        expiresAt: Date?
    ) {
        self.drop = drop
        self.name = name
        self.fileID = fileID
        self.state = state
        self.sha256 = sha256
        self.size = size
        self.modification = modification
        self.layout = layout
        self.rows = rows
        self.validRows = validRows
        self.rejectedRows = rejectedRows
        self.reasons = reasons
        self.firstSavedAt = firstSavedAt
        self.savedAt = savedAt
        self.expiresAt = expiresAt
    }
}

extension SavedBase {
    package init(row: some StoreRow) {
        self.drop = row["drop_name"]
        self.name = row["name"]
        self.fileID = row["file_id"]
        self.state = State(rawValue: row["state"]) ?? .rejected
        self.sha256 = row["sha256"]
        self.size = row["size"]
        self.modification = row["mtime"]
        self.layout = row["layout"]
        self.rows = row["rows"]
        self.validRows = row["valid_rows"]
        self.rejectedRows = row["rejected_rows"]
        let reasons: String = row["reasons"]
        self.reasons = (try? JSONDecoder().decode([String: Int].self, from: Data(reasons.utf8))) ?? [:]
        self.firstSavedAt = (row["first_saved_at"] as Double?).map(Date.init(storeSeconds:))
        self.savedAt = Date(storeSeconds: row["saved_at"])
        self.expiresAt = (row["expires_at"] as Double?).map(Date.init(storeSeconds:))
    }
}
