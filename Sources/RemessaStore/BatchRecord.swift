import Foundation
import GRDB
import RemessaCore

/// The accepted part of a file, and where its messages stand.
public struct BatchRecord: Sendable, Equatable {
    /// The same as the file's id.
    public var id: Int64
    public var drop: String
    public var fileName: String
    public var route: String
    public var messages: Int
    public var segments: Int
    /// The campaign's label, sender and schedule; empty for a plain inbox file.
    public var settings: BatchSettings
    public var createdAt: Date
    public var cancelledAt: Date?
    /// When the final file was published.
    public var finishedAt: Date?
    /// Messages per status.
    public var statusCounts: [MessageStatus: Int]

    /// Messages that reached a terminal status.
    public var terminalCount: Int {
        statusCounts.reduce(0) { $0 + ($1.key.isTerminal ? $1.value : 0) }
    }

    /// Whether every message is terminal.
    public var isTerminal: Bool { terminalCount == messages }
}

extension BatchRecord {
    package init(row: some StoreRow, statusCounts: [MessageStatus: Int]) {
        self.id = row["id"]
        self.drop = row["drop_name"]
        self.fileName = row["file_name"]
        self.route = row["route"]
        self.messages = row["messages"]
        self.segments = row["segments"]
        self.settings = BatchSettings(
            label: row["label"],
            sender: row["sender"],
            sendAt: (row["send_at"] as Double?).map(Date.init(storeSeconds:)),
            sendUntil: (row["send_until"] as Double?).map(Date.init(storeSeconds:))
        )
        self.createdAt = Date(storeSeconds: row["created_at"])
        self.cancelledAt = (row["cancelled_at"] as Double?).map(Date.init(storeSeconds:))
        self.finishedAt = (row["finished_at"] as Double?).map(Date.init(storeSeconds:))
        self.statusCounts = statusCounts
    }
}
