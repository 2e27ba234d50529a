import Foundation
import GRDB

/// Which drop-wide outbox file a publication is.
public enum DropPublicationKind: String, Sendable, CaseIterable {
    /// `replies.NNNN.csv`: a range of the `reply` table.
    case replies
    /// `optouts.NNNN.csv`: a range of the drop's own list's log.
    case optouts
}

/// A drop's own outbox file (not a claimed file's): recorded before its upload with the range of rows it holds,
/// completed with the name the server gave it, as ``PublicationRecord``.
public struct DropPublicationRecord: Sendable, Equatable {
    public var drop: String
    public var kind: DropPublicationKind
    /// Counts up from 1 per drop and kind.
    public var number: Int
    public var name: String
    public var sequences: ClosedRange<Int64>
    /// The name it has in the outbox; nil until uploaded.
    public var publishedName: String?
    public var publishedAt: Date?

    public var isPublished: Bool { publishedName != nil }
}

extension DropPublicationRecord {
    package init(row: some StoreRow) {
        self.drop = row["drop_name"]
        self.kind = DropPublicationKind(rawValue: row["kind"]) ?? .replies
        self.number = row["number"]
        self.name = row["name"]
        let first: Int64 = row["first_seq"]
        let last: Int64 = row["last_seq"]
        self.sequences = first...max(first, last)
        self.publishedName = row["published_name"]
        self.publishedAt = (row["published_at"] as Double?).map(Date.init(storeSeconds:))
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func recordDropPublicationIntent(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>
    ) async throws -> DropPublicationRecord {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO drop_publication (drop_name, kind, number, name, first_seq, last_seq)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [drop, kind.rawValue, number, name, sequences.lowerBound, sequences.upperBound]
            )
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM drop_publication WHERE drop_name = ? AND kind = ? AND number = ?",
                arguments: [drop, kind.rawValue, number]
            )
            guard let row else { throw StoreError(.notFound, "the publication vanished") }
            return DropPublicationRecord(row: row)
        }
    }

    /// See ``Store``.
    public func recordDropPublished(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE drop_publication SET published_name = ?, published_at = ?
                    WHERE drop_name = ? AND kind = ? AND number = ?
                    """,
                arguments: [publishedName, now.storeSeconds, drop, kind.rawValue, number]
            )
        }
    }

    /// See ``Store``.
    public func dropPublications(drop: String, kind: DropPublicationKind) async throws -> [DropPublicationRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM drop_publication WHERE drop_name = ? AND kind = ? ORDER BY number",
                arguments: [drop, kind.rawValue]
            ).map(DropPublicationRecord.init(row:))
        }
    }
}
