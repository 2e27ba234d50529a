/// Gathers items from many concurrent callers into one store transaction at a time, and answers each caller
/// once the transaction holding its items has committed.
///
/// While one transaction is being written, new items wait and go together into the next: under load each
/// commit carries many items, and with `synchronous=FULL` the cost of an fsync is shared by all of them.
actor GroupCommit<Item: Sendable, Answer: Sendable> {
    private let write: @Sendable ([Item]) async throws -> [Answer]
    private var pending: [Item] = []
    private var waiters: [(range: Range<Int>, continuation: CheckedContinuation<[Answer], any Error>)] = []
    private var writing = false

    /// `write` commits items and answers one value per item, in order.
    init(write: @escaping @Sendable ([Item]) async throws -> [Answer]) {
        self.write = write
    }

    /// Adds `items` to the next transaction and returns their answers once it has committed.
    @discardableResult
    func commit(_ items: [Item]) async throws -> [Answer] {
        guard !items.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let start = pending.count
            pending.append(contentsOf: items)
            waiters.append((start..<pending.count, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let items = pending
            let group = waiters
            pending = []
            waiters = []
            do {
                let answers = try await write(items)
                for waiter in group {
                    waiter.continuation.resume(returning: Array(answers[waiter.range]))
                }
            } catch {
                for waiter in group {
                    waiter.continuation.resume(throwing: error)
                }
            }
        }
        writing = false
    }
}
