import Foundation
import PostgresNIO
import RemessaStore

/// Outbox publications on PostgreSQL: a claimed file's (`publication`) and a drop's own (`drop_publication`),
/// as ``SQLiteStore``'s. An intent two nodes record at once is one row: each inserts it if absent and reads back
/// the one that is there, so both upload the first record's content under its name.
extension PostgresStore {
    /// See ``Store``.
    public func recordPublicationIntent(
        fileID: Int64,
        kind: PublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>?
    ) async throws -> PublicationRecord {
        try await self.transaction { connection in
            // A second statement sees a row another node committed while this insert waited on it.
            try await self.execute(
                """
                INSERT INTO publication (file_id, kind, number, name, first_seq, last_seq)
                VALUES (\(fileID), \(kind.rawValue), \(number), \(name), \(sequences?.lowerBound), \
                \(sequences?.upperBound))
                ON CONFLICT (file_id, kind, number) DO NOTHING
                """,
                on: connection
            )
            let row = try await self.row(
                """
                SELECT * FROM publication WHERE file_id = \(fileID) AND kind = \(kind.rawValue) \
                AND number = \(number)
                """,
                on: connection
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
        try await self.execute(
            """
            UPDATE publication SET published_name = \(publishedName), published_at = \(now.storeSeconds)
            WHERE file_id = \(fileID) AND kind = \(kind.rawValue) AND number = \(number)
            """
        )
    }

    /// See ``Store``. PostgreSQL keeps no insertion order (SQLite's `rowid`): the kinds come in the order the
    /// daemon records them (the result or error file at ingest, the DLR files by number, then the final file and
    /// the summary), which is that order.
    public func publications(of fileID: Int64) async throws -> [PublicationRecord] {
        try await self.rows(
            """
            SELECT * FROM publication WHERE file_id = \(fileID)
            ORDER BY array_position(ARRAY['result', 'error', 'dlr', 'final', 'summary'], kind), kind, number
            """
        ).map(PublicationRecord.init(row:))
    }

    /// See ``Store``.
    public func recordDropPublicationIntent(
        drop: String,
        kind: DropPublicationKind,
        number: Int,
        name: String,
        sequences: ClosedRange<Int64>
    ) async throws -> DropPublicationRecord {
        try await self.transaction { connection in
            try await self.execute(
                """
                INSERT INTO drop_publication (drop_name, kind, number, name, first_seq, last_seq)
                VALUES (\(drop), \(kind.rawValue), \(number), \(name), \(sequences.lowerBound), \
                \(sequences.upperBound))
                ON CONFLICT (drop_name, kind, number) DO NOTHING
                """,
                on: connection
            )
            let row = try await self.row(
                """
                SELECT * FROM drop_publication WHERE drop_name = \(drop) AND kind = \(kind.rawValue) \
                AND number = \(number)
                """,
                on: connection
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
        try await self.execute(
            """
            UPDATE drop_publication SET published_name = \(publishedName), published_at = \(now.storeSeconds)
            WHERE drop_name = \(drop) AND kind = \(kind.rawValue) AND number = \(number)
            """
        )
    }

    /// See ``Store``.
    public func dropPublications(drop: String, kind: DropPublicationKind) async throws -> [DropPublicationRecord] {
        try await self.rows(
            "SELECT * FROM drop_publication WHERE drop_name = \(drop) AND kind = \(kind.rawValue) ORDER BY number"
        ).map(DropPublicationRecord.init(row:))
    }
}
