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

/// Where a change to an opt-out list came from (the `source` column of `optouts.NNNN.csv`).
public enum OptOutSource: String, Sendable {
    /// An operator's `remessa optout` command.
    case `operator`
    /// A reply with an opt-out word, attributed to a message of the drop.
    case reply
    /// A file the client put in the drop's `optout/` folder.
    case client
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
    /// The list changed (``OptOutListName``).
    public var list: String
    public var source: OptOutSource
    /// For a change by reply: the message the reply was attributed to.
    public var messageID: Int64?
}

extension SuppressionEntry {
    package init(row: some StoreRow) {
        self.destination = row["destination"]
        self.addedAt = Date(storeSeconds: row["added_at"])
        self.addedBy = row["added_by"]
        self.reason = row["reason"]
    }
}

extension SuppressionLogEntry {
    package init(row: some StoreRow) {
        self.sequence = row["seq"]
        self.destination = row["destination"]
        // Rows are only written by this module, with one of the two actions.
        self.action = Action(rawValue: row["action"]) ?? .added
        self.at = Date(storeSeconds: row["at"])
        self.actor = row["actor"]
        self.reason = row["reason"]
        self.list = row["list"]
        self.source = OptOutSource(rawValue: row["source"]) ?? .operator
        self.messageID = row["message_id"]
    }
}
