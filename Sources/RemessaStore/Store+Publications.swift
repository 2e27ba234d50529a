import Foundation
import GRDB

/// Which outbox file a publication is.
public enum PublicationKind: String, Sendable, CaseIterable {
    case result
    case error
    case dlr
    case final
    case summary
}

/// An outbox file: recorded before its upload, completed with the name the server gave it.
public struct PublicationRecord: Sendable, Equatable {
    public var fileID: Int64
    public var kind: PublicationKind
    /// Counts up from 1 for DLR files; 0 for the others.
    public var number: Int
    /// The name Remessa asked for, e.g. `clientes.csv.dlr.0003.csv`.
    public var name: String
    /// For DLR files: the event range they hold.
    public var firstSequence: Int64?
    public var lastSequence: Int64?
    /// The name it has in the outbox (a suffix is added when the name was taken); nil until uploaded.
    public var publishedName: String?
    public var publishedAt: Date?

    public var isPublished: Bool { publishedName != nil }
}

extension PublicationRecord {
    package init(row: some StoreRow) {
        self.fileID = row["file_id"]
        self.kind = PublicationKind(rawValue: row["kind"]) ?? .result
        self.number = row["number"]
        self.name = row["name"]
        self.firstSequence = row["first_seq"]
        self.lastSequence = row["last_seq"]
        self.publishedName = row["published_name"]
        self.publishedAt = (row["published_at"] as Double?).map(Date.init(storeSeconds:))
    }
}

extension SQLiteStore {
    /// See ``Store``.
    public func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>?
    ) async throws -> PublicationRecord {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO publication (file_id, kind, number, name, first_seq, last_seq)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [fileID, kind.rawValue, number, name, sequences?.lowerBound, sequences?.upperBound]
            )
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM publication WHERE file_id = ? AND kind = ? AND number = ?",
                arguments: [fileID, kind.rawValue, number]
            )
            guard let row else { throw StoreError(.notFound, "the publication vanished") }
            return PublicationRecord(row: row)
        }
    }

    /// See ``Store``.
    public func recordPublished(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        as publishedName: String,
        at now: Date
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE publication SET published_name = ?, published_at = ?
                    WHERE file_id = ? AND kind = ? AND number = ?
                    """,
                arguments: [publishedName, now.storeSeconds, fileID, kind.rawValue, number]
            )
        }
    }

    /// See ``Store``.
    public func publications(of fileID: Int64) async throws -> [PublicationRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM publication WHERE file_id = ? ORDER BY rowid",
                arguments: [fileID]
            ).map(PublicationRecord.init(row:))
        }
    }
}
