import Foundation
import GRDB
import RemessaCore

/// A file Remessa claimed (or tried to), as the store knows it.
public struct FileRecord: Sendable, Equatable {
    public var id: Int64
    public var drop: String
    /// The client's file name, as uploaded to the inbox.
    public var name: String
    /// The name under `processing/` (the same unless that name was taken).
    public var processingName: String
    public var remoteSize: Int64
    public var remoteModification: Int64
    public var stage: FileStage
    public var outcome: FileOutcome?
    public var sha256: String?
    public var size: Int64?
    public var layout: String?
    public var encoding: String?
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    public var segments: Int
    /// For a file rejected as a whole: the first reason's code and sentence.
    public var errorCode: String?
    public var errorMessage: String?
    /// Where the original went: a name in `archive/` or `failed/`.
    public var movedTo: String?
    public var claimedAt: Date
    public var ingestedAt: Date?
    public var doneAt: Date?
    /// Which folder the file came from and so which steps it takes: an inbox upload, the check of a saved base
    /// in `bases/` (contract §10), or an opt-out upload in `optout/` (§11).
    public var kind: FileKind = .inbox

    /// Whether this is the check of a saved base, which is read where it is and never claimed.
    public var isBase: Bool { kind == .base }
}

/// The `kind` column of a `file` row: what folder it was found in. An inbox file keeps `NULL` there, as before
/// there were other kinds.
public enum FileKind: String, Sendable, Equatable, CaseIterable {
    case inbox
    case base
    case optout

    /// The column's value.
    var stored: String? { self == .inbox ? nil : rawValue }

    init(stored: String?) {
        self = stored.flatMap(FileKind.init(rawValue:)) ?? .inbox
    }
}

extension FileRecord {
    package init(row: some StoreRow) {
        self.id = row["id"]
        self.drop = row["drop_name"]
        self.name = row["name"]
        self.processingName = row["processing_name"]
        self.remoteSize = row["remote_size"]
        self.remoteModification = row["remote_mtime"]
        self.stage = FileStage(rawValue: row["stage"]) ?? .vanished
        self.outcome = (row["outcome"] as String?).flatMap(FileOutcome.init(rawValue:))
        self.sha256 = row["sha256"]
        self.size = row["size"]
        self.layout = row["layout"]
        self.encoding = row["encoding"]
        self.rows = row["rows"]
        self.accepted = row["accepted"]
        self.rejected = row["rejected"]
        self.segments = row["segments"]
        self.errorCode = row["error_code"]
        self.errorMessage = row["error_message"]
        self.movedTo = row["moved_to"]
        self.claimedAt = Date(storeSeconds: row["claimed_at"])
        self.ingestedAt = (row["ingested_at"] as Double?).map(Date.init(storeSeconds:))
        self.doneAt = (row["done_at"] as Double?).map(Date.init(storeSeconds:))
        self.kind = FileKind(stored: row["kind"])
    }
}
