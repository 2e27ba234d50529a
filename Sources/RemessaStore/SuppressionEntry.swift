import Foundation
import GRDB

/// One destination on the suppression (opt-out) list: never sent to while it is there.
public struct SuppressionEntry: Sendable, Equatable {
    /// E.164 digits without "+", e.g. `5511987654321`.
    public var destination: String
    public var addedAt: Date
    /// The operator (or program) that added it.
    public var addedBy: String
    public var reason: String
}

/// One change to the suppression list, as the log keeps it after the entry itself is gone.
public struct SuppressionLogEntry: Sendable, Equatable {
    /// What was done to the destination.
    public enum Action: String, Sendable {
        case added = "add"
        case removed = "remove"
    }

    /// The log's order; ``Store/suppressionVersion()`` is the newest.
    public var sequence: Int64
    public var destination: String
    public var action: Action
    public var at: Date
    public var actor: String
    public var reason: String
}

extension SuppressionEntry {
    init(row: Row) {
        self.destination = row["destination"]
        self.addedAt = Date(storeSeconds: row["added_at"])
        self.addedBy = row["added_by"]
        self.reason = row["reason"]
    }
}

extension SuppressionLogEntry {
    init(row: Row) {
        self.sequence = row["seq"]
        self.destination = row["destination"]
        // Rows are only written by this module, with one of the two actions.
        self.action = Action(rawValue: row["action"]) ?? .added
        self.at = Date(storeSeconds: row["at"])
        self.actor = row["actor"]
        self.reason = row["reason"]
    }
}
