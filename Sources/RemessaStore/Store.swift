import Foundation

/// The durable store: files, batches, messages, events, publications, notices, replies and the suppression
/// lists. ``SQLiteStore`` is the one implementation today; a PostgreSQL store implements the same interface
/// (issue 15).
///
/// The requirements are grouped by area in ``FileStore``, ``BatchStore``, ``PublicationStore``,
/// ``SuppressionStore`` and ``OperatorStore``; their extensions supply the default arguments (`at now` is the
/// current time, and so on), which requirements cannot carry. Hold a store as `any Store`.
public protocol Store: FileStore, BatchStore, PublicationStore, SuppressionStore, OperatorStore {
    /// Whether a write goes through now; `/readyz` asks this.
    func checkWritable() async throws
}
