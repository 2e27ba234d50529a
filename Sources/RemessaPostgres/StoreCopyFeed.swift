import Foundation
import NIOCore

/// Carries a ``StoreCopy``'s rows from the thread reading the SQLite store to the `COPY`s writing them into
/// PostgreSQL: each table's rows in `COPY`'s text format, then the table's end.
///
/// The thread side (``hand(_:)``) blocks while ``capacity`` items are in flight; the async side awaits ``next()``.
/// Whichever side stops first, the other learns it: a failed `COPY` makes the thread's next ``hand(_:)`` throw, and
/// a thread that failed ends the feed early, with ``failure`` set.
// @unchecked: `state` is only read and written under `condition`.
final class StoreCopyFeed: @unchecked Sendable {
    enum Item: Sendable {
        /// Lines of `COPY`'s text format, for the table being copied.
        case rows(ByteBuffer)
        /// The table's last rows were handed.
        case tableEnd
    }

    /// The other side stopped without saying why.
    struct Stopped: Error {}

    private struct State {
        /// Handed and not yet taken.
        var queue: [Item] = []
        /// Handed and not yet written.
        var inFlight = 0
        var ended = false
        var failure: (any Error)?
        /// The async side, waiting for an item.
        var waiter: CheckedContinuation<Item?, Never>?
    }

    /// Items handed and not yet written at most.
    static let capacity = 8

    private let condition = NSCondition()
    private var state = State()

    // MARK: The thread's side

    /// Hands `item` over, waiting while the async side is behind; throws once the feed ended.
    func hand(_ item: Item) throws {
        condition.lock()
        while state.inFlight >= Self.capacity, !state.ended {
            condition.wait()
        }
        if state.ended {
            condition.unlock()
            throw state.failure ?? Stopped()
        }
        state.inFlight += 1
        let waiter = state.waiter
        state.waiter = nil
        if waiter == nil {
            state.queue.append(item)
        }
        condition.unlock()
        waiter?.resume(returning: item)
    }

    /// Ends the feed: after the last table's end, or with the `failure` that stopped one side. The async side
    /// still takes what was handed before.
    func end(failure: (any Error)?) {
        condition.lock()
        if !state.ended {
            state.ended = true
            state.failure = failure
        }
        let waiter = state.queue.isEmpty ? state.waiter : nil
        if waiter != nil {
            state.waiter = nil
        }
        condition.broadcast()
        condition.unlock()
        waiter?.resume(returning: nil)
    }

    // MARK: The async side

    /// The next item handed; nil once the feed ended and every item was taken.
    func next() async -> Item? {
        await withCheckedContinuation { continuation in
            condition.lock()
            if !state.queue.isEmpty {
                let item = state.queue.removeFirst()
                condition.unlock()
                continuation.resume(returning: item)
            } else if state.ended {
                condition.unlock()
                continuation.resume(returning: nil)
            } else {
                state.waiter = continuation
                condition.unlock()
            }
        }
    }

    /// An item was written: room for one more.
    func written() {
        condition.lock()
        state.inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Why the feed ended early, if it did.
    var failure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return state.failure
    }
}
