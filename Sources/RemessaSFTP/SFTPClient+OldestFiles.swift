import Foundation

extension SFTPClient {
    /// The `limit` oldest regular files of the directory at `path`, oldest first: by modification time (a file
    /// without one counts as oldest), then by name bytes.
    ///
    /// The directory is read as a stream (see ``list(_:batchSize:)``) and only the `limit` oldest files seen so far
    /// are kept, so a directory of millions of entries costs `limit` entries of memory and is taken oldest first.
    public nonisolated func oldestRegularFiles(
        in path: String,
        limit: Int,
        batchSize: Int = 256
    ) async throws -> [SFTPDirectoryEntry] {
        var oldest = BoundedSmallest<SFTPDirectoryEntry>(limit: limit, by: Self.isOlder(_:than:))
        for try await entry in self.list(path, batchSize: batchSize) where entry.attributes.type == .regular {
            oldest.offer(entry)
        }
        return oldest.sorted()
    }

    /// Whether `a` sorts before `b` in ``oldestRegularFiles(in:limit:batchSize:)``.
    static func isOlder(_ a: SFTPDirectoryEntry, than b: SFTPDirectoryEntry) -> Bool {
        let aTime = a.attributes.modificationTime ?? .distantPast
        let bTime = b.attributes.modificationTime ?? .distantPast
        if aTime != bTime {
            return aTime < bTime
        }
        return a.nameBytes.lexicographicallyPrecedes(b.nameBytes)
    }
}
