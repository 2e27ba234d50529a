import Foundation
import RemessaCore
import RemessaStore

// Requirements of the store interface not yet built on PostgreSQL: each throws until its real version replaces it.
extension PostgresStore {
    public func ingest<Value: Sendable>(
        fileID: Int64,
        drop: String,
        route: String,
        settings: BatchSettings,
        at now: Date,
        _ body: @escaping @Sendable (inout BatchWriter) throws -> IngestDecision<Value>
    ) async throws -> Value {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func discardStaged(fileID: Int64) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }
}
