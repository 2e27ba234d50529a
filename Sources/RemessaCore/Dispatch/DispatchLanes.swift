import Foundation

/// One batch's messages of one priority: the unit the fair scheduler rotates between.
struct Lane: Hashable, Sendable {
    let batchID: Int64
    let priority: Priority
}

/// The messages of a lane read from the store and not yet handed out, in line order.
struct LaneBuffer: Sendable {
    private var items: [QueuedMessage] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func append(_ message: QueuedMessage) {
        if head > 4096, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        items.append(message)
    }

    mutating func popFirst() -> QueuedMessage? {
        guard head < items.count else { return nil }
        defer { head += 1 }
        return items[head]
    }

    /// Puts back a message just popped, so it goes first next time.
    mutating func pushFront(_ message: QueuedMessage) {
        if head > 0 {
            head -= 1
            items[head] = message
        } else {
            items.insert(message, at: 0)
        }
    }

    /// Everything still buffered, emptying the buffer.
    mutating func drain() -> [QueuedMessage] {
        defer {
            items = []
            head = 0
        }
        return Array(items[head...])
    }
}

/// How far the dispatcher has read a batch's queue, and when to read it again from the start.
struct BatchCursor: Sendable {
    let batch: DispatchBatch
    /// The highest id read in the current pass.
    var afterID: Int64 = 0
    /// Messages of the batch sitting in lane buffers.
    var buffered = 0
    /// Whether the current pass reached the end of the queue.
    var passComplete = false
    /// When to start a new pass after a complete one: the earliest retry or window opening seen.
    var rescanAt: Date = .distantFuture
    /// When what has not gone out ends `EXPIRED` (time to live or `sendUntil`), as of the last listing.
    var deadline: (date: Date, reason: BatchExpiry)?
    /// Whether its deadline passed: nothing more of it is read or handed out.
    var expired = false

    /// A new cursor; a batch scheduled ahead starts as a complete pass due again at its `sendAt`, so nothing of
    /// it is read before then.
    init(batch: DispatchBatch, at date: Date) {
        self.batch = batch
        if let sendAt = batch.sendAt, sendAt > date {
            passComplete = true
            rescanAt = sendAt
        }
    }
}
