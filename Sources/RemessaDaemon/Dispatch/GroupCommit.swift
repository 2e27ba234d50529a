/// Gathers items from many concurrent callers into one store transaction at a time, and answers each caller
/// once the transaction holding its items has committed.
///
/// While one transaction is being written, new items wait and go together into the next: under load each
/// commit carries many items, and with `synchronous=FULL` the cost of an fsync is shared by all of them. The
/// writing is done by the callers' own tasks: the first caller of a group writes it, then hands the next group
/// to one of its callers, so nothing runs outside a caller's task and nobody writes more than one transaction.
actor GroupCommit<Item: Sendable, Answer: Sendable> {
    private let write: @Sendable ([Item]) async throws -> [Answer]
    private var pending: [Item] = []
    private var waiters: [(range: Range<Int>, continuation: CheckedContinuation<Turn, any Error>)] = []
    private var writing = false

    /// What a waiting caller is told: its answers, or that it writes the group its items are in.
    private enum Turn {
        case answered([Answer])
        case write(Range<Int>)
    }

    /// `write` commits items and answers one value per item, in order.
    init(write: @escaping @Sendable ([Item]) async throws -> [Answer]) {
        self.write = write
    }

    /// Adds `items` to the next transaction and returns their answers once it has committed.
    @discardableResult
    func commit(_ items: [Item]) async throws -> [Answer] {
        guard !items.isEmpty else { return [] }
        let range = pending.count..<(pending.count + items.count)
        pending.append(contentsOf: items)
        guard writing else {
            writing = true
            return try await writeGroup(own: range)
        }
        let turn = try await withCheckedThrowingContinuation { continuation in
            waiters.append((range, continuation))
        }
        switch turn {
        case .answered(let answers): return answers
        case .write(let range): return try await writeGroup(own: range)
        }
    }

    /// Writes everything pending in one transaction, answers the other callers in it, hands the next group to
    /// one of its callers, and answers `own`, the caller's range.
    private func writeGroup(own: Range<Int>) async throws -> [Answer] {
        let items = pending
        let group = waiters
        pending = []
        waiters = []
        let result: Result<[Answer], any Error>
        do {
            result = .success(try await write(items))
        } catch {
            result = .failure(error)
        }
        for waiter in group {
            switch result {
            case .success(let answers): waiter.continuation.resume(returning: .answered(Array(answers[waiter.range])))
            case .failure(let error): waiter.continuation.resume(throwing: error)
            }
        }
        if waiters.isEmpty {
            writing = false
        } else {
            let next = waiters.removeFirst()
            next.continuation.resume(returning: .write(next.range))
        }
        return try result.map { Array($0[own]) }.get()
    }
}
