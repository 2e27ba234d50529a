/// The entries of a remote directory as they arrive from the server, without `.` and `..`.
///
/// Iterating opens the directory, fetches entries in batches of ``batchSize`` from the session thread and closes
/// the directory at the end, so a directory of any size costs one batch of memory. An iteration abandoned early
/// leaves the handle to be closed by the client's next operation. Each iteration lists the directory afresh; a
/// reconnection during an iteration ends it with `.connectionLost`.
public struct SFTPDirectoryListing: AsyncSequence, Sendable {
    public typealias Element = SFTPDirectoryEntry

    let client: SFTPClient
    /// The remote directory.
    public let path: String
    /// Entries fetched per hop to the session thread.
    public let batchSize: Int

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: self.client, path: self.path, batchSize: self.batchSize)
    }

    /// Yields entries batch by batch.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: SFTPClient
        let path: String
        let batchSize: Int
        private var cursor: SFTPClient.DirectoryCursor?
        private var batch: [SFTPDirectoryEntry] = []
        private var index = 0
        private var finished = false

        init(client: SFTPClient, path: String, batchSize: Int) {
            self.client = client
            self.path = path
            self.batchSize = batchSize
        }

        public mutating func next() async throws -> SFTPDirectoryEntry? {
            while self.index == self.batch.count {
                guard !self.finished else { return nil }
                do {
                    let cursor: SFTPClient.DirectoryCursor
                    if let open = self.cursor {
                        cursor = open
                    } else {
                        cursor = try await self.client.openDirectory(self.path)
                        self.cursor = cursor
                    }
                    let batch = try await self.client.readDirectory(cursor, limit: self.batchSize)
                    self.batch = batch.entries
                    self.index = 0
                    if batch.isLast {
                        self.finished = true
                        self.cursor = nil
                    }
                } catch {
                    self.finished = true
                    self.cursor = nil
                    throw error
                }
            }
            defer { self.index += 1 }
            return self.batch[self.index]
        }
    }
}
