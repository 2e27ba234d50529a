import Foundation
import RemessaCore
import RemessaStore

// Requirements of the store interface not yet built on PostgreSQL: each throws until its real version replaces it.
extension PostgresStore {
    public func recordClaimIntent(
        drop: String,
        name: String,
        processingName: @escaping @Sendable (Int64) -> String,
        remoteSize: Int64,
        remoteModification: Int64,
        kind: FileKind,
        at now: Date
    ) async throws -> (id: Int64, processingName: String) {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func setStage(_ stage: FileStage, of fileID: Int64, at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordDownload(of fileID: Int64, size: Int64, sha256: String) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordMoveIntent(of fileID: Int64, to movedTo: String) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordRejection(
        of fileID: Int64,
        summary: IngestSummary,
        errorCode: String,
        errorMessage: String,
        at now: Date
    ) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func file(_ id: Int64) async throws -> FileRecord? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func unfinishedFiles(drop: String) async throws -> [FileRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func acceptedFile(drop: String, sha256: String, since: Date, excluding fileID: Int64) async throws -> FileRecord? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recentFiles(drop: String?, limit: Int) async throws -> [FileRecord] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordBaseCheck(
        drop: String,
        name: String,
        remoteSize: Int64,
        remoteModification: Int64,
        at now: Date
    ) async throws -> Int64 {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func latestBaseCheck(drop: String, name: String) async throws -> FileRecord? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordBaseVerdict(
        _ base: SavedBase,
        summary: IngestSummary,
        rejection: (code: String, message: String)?
    ) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func savedBases(drop: String) async throws -> [SavedBase] {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func savedBase(drop: String, name: String) async throws -> SavedBase? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func markBaseExpired(drop: String, name: String) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func forgetBase(drop: String, name: String) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordCampaignKey(of fileID: Int64, _ key: String) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func acceptedCampaign(drop: String, key: String, since: Date, excluding fileID: Int64) async throws -> FileRecord? {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

    public func recordValidatedOnly(of fileID: Int64, summary: IngestSummary, at now: Date) async throws {
        throw PostgresStoreError("\(#function) is not built on PostgreSQL yet")
    }

}
