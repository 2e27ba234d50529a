import Foundation
import RemessaCore
import RemessaStore

/// Files taken through the store's stages without a drop or a daemon (claimed, downloaded, ingested), for tests
/// and benchmarks of the store and of what reads it.
public enum StoreFixture {
    /// A one-segment message for `line`: correlation id `c<line>`, text `Olá <line>`.
    public static func draft(line: Int, destination: String = "5511987654321") -> MessageDraft {
        MessageDraft(
            line: line,
            destination: destination,
            correlationID: "c\(line)",
            priority: .media,
            text: "Olá \(line)",
            encoding: .ucs2,
            segments: 1
        )
    }

    /// Records the intent to claim `name` of `drop`; answers the file's id.
    public static func claim(
        _ name: String,
        drop: String = "acme",
        size: Int64 = 1,
        in store: any Store,
        at date: Date = Date()
    ) async throws -> Int64 {
        try await store.recordClaimIntent(
            drop: drop,
            name: name,
            processingName: name,
            remoteSize: size,
            remoteModification: 1,
            at: date
        )
    }

    /// Claims and downloads `name`, then ingests `count` messages made by `draft` (from index 0) as the accepted
    /// rows of a batch of `route` with `settings`, `rejected` more rows counted as rejected; answers the file's id (the batch's)
    /// and the message ids in line order.
    public static func acceptedBatch(
        _ name: String,
        drop: String = "acme",
        route: String = "sim",
        count: Int,
        rejected: Int = 0,
        settings: BatchSettings = BatchSettings(),
        in store: any Store,
        at date: Date = Date(),
        draft: @escaping @Sendable (Int) -> MessageDraft = { draft(line: $0 + 2) }
    ) async throws -> (file: Int64, messages: [Int64]) {
        let id = try await claim(name, drop: drop, size: 100, in: store, at: date)
        try await store.setStage(.claimed, of: id, at: date)
        try await store.recordDownload(of: id, size: 100, sha256: "sha-\(name)")
        let range = try await store.ingest(fileID: id, drop: drop, route: route, settings: settings, at: date) {
            writer in
            var first: Int64?
            var last: Int64 = 0
            for index in 0..<count {
                last = try writer.insert(draft(index))
                if first == nil { first = last }
            }
            let summary = IngestSummary(
                layout: "base",
                encoding: "UTF-8",
                rows: count + rejected,
                accepted: count,
                rejected: rejected,
                segments: count
            )
            return .commit(summary, first.map { $0...last })
        }
        return (id, range.map(Array.init) ?? [])
    }
}
