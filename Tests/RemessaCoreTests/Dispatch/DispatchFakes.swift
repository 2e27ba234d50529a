import Foundation
import RemessaCore

/// A send window as the test gate sees it: open from `opens` until `closes` (for ever when `nil`).
struct TestWindow: Sendable {
    var opens: Date
    var closes: Date?
}

/// The drops' rules as a test sets them: numbers opted out, send windows per destination (first) or per drop,
/// and a time to live per drop.
struct TestGate: DispatchGate {
    var optedOut: Set<String> = []
    var destinationWindows: [String: [TestWindow]] = [:]
    var dropWindows: [String: [TestWindow]] = [:]
    var ttl: [String: Duration] = [:]

    mutating func verdict(for message: QueuedMessage, drop: String, at date: Date) -> DispatchVerdict {
        if optedOut.contains(message.destination) { return .optedOut }
        guard let windows = destinationWindows[message.destination] ?? dropWindows[drop] else { return .send }
        if windows.contains(where: { $0.opens <= date && $0.closes.map { date < $0 } ?? true }) {
            return .send
        }
        if let opening = windows.map(\.opens).filter({ $0 > date }).min() {
            return .wait(until: opening)
        }
        return .noWindow
    }

    func timeToLive(drop: String) -> Duration? {
        ttl[drop]
    }
}

/// The store's queue as the machine reads it: batches, and their messages with a status, changed by commits the
/// way `Store.recordDispatch` changes them.
struct FakeQueue {
    struct Row {
        var message: QueuedMessage
        var status: MessageStatus
        var reasonCode: String?
        var providerID: String?
    }

    /// The batches the listing answers, in order.
    var batches: [DispatchBatch] = []
    private(set) var rows: [Int64: Row] = [:]
    /// By batch, its message ids in ascending order.
    private var ids: [Int64: [Int64]] = [:]
    private var nextID: Int64 = 1

    /// Adds a batch of `drop` (listed from now on) with `count` messages of `priority`.
    @discardableResult
    mutating func addBatch(
        _ id: Int64,
        drop: String = "d1",
        createdAt: Date,
        count: Int = 0,
        priority: Priority = .media,
        sender: String? = nil,
        sendAt: Date? = nil,
        sendUntil: Date? = nil
    ) -> [Int64] {
        batches.append(
            DispatchBatch(
                id: id,
                drop: drop,
                route: "r1",
                createdAt: createdAt,
                sender: sender,
                sendAt: sendAt,
                sendUntil: sendUntil
            )
        )
        return addMessages(batch: id, count: count, priority: priority)
    }

    /// Adds `count` queued messages to a batch, to numbers `+5511900000000` + id.
    @discardableResult
    mutating func addMessages(batch: Int64, count: Int, priority: Priority = .media) -> [Int64] {
        (0..<count).map { _ in
            let id = nextID
            nextID += 1
            addMessage(
                QueuedMessage(
                    id: id,
                    batchID: batch,
                    destination: "+55119\(id + 10_000_000)",
                    priority: priority,
                    text: "m\(id)"
                )
            )
            return id
        }
    }

    /// Adds one message as given; its id must be above every id added before.
    mutating func addMessage(_ message: QueuedMessage, status: MessageStatus = .queued) {
        rows[message.id] = Row(message: message, status: status)
        ids[message.batchID, default: []].append(message.id)
        nextID = max(nextID, message.id + 1)
    }

    func status(_ id: Int64) -> MessageStatus? {
        rows[id]?.status
    }

    /// Up to `limit` pending (`QUEUED` or `SCHEDULED`) messages of a batch after `afterID`, in id order.
    func page(batchID: Int64, afterID: Int64, limit: Int) -> [QueuedMessage] {
        let batchIDs = ids[batchID] ?? []
        var low = 0
        var high = batchIDs.count
        while low < high {
            let middle = (low + high) / 2
            if batchIDs[middle] <= afterID { low = middle + 1 } else { high = middle }
        }
        var page: [QueuedMessage] = []
        for id in batchIDs[low...] where page.count < limit {
            if let row = rows[id], Self.pending(row.status) { page.append(row.message) }
        }
        return page
    }

    mutating func apply(_ records: [DispatchRecord]) {
        for record in records {
            guard var row = rows[record.messageID] else { continue }
            let pending = Self.pending(row.status)
            switch record {
            case .submitted(_, let providerID):
                row.message.attempts += 1
                row.providerID = providerID ?? row.providerID
                if pending { row.status = .submitted }
            case .retry(_, let retryAt, _):
                guard pending else { continue }
                row.message.attempts += 1
                row.message.notBefore = retryAt
            case .scheduled(_, let until):
                guard pending else { continue }
                row.status = .scheduled
                row.message.notBefore = until
            case .finished(_, let status, let reasonCode, _):
                guard pending else { continue }
                row.status = status
                row.reasonCode = reasonCode
            }
            rows[record.messageID] = row
        }
    }

    /// Ends a batch's pending messages but `sparing`: `EXPIRED` with `reason`'s code.
    mutating func expire(batchID: Int64, reason: BatchExpiry = .timeToLive, sparing: Set<Int64> = []) {
        end(batchID: batchID, status: .expired, reasonCode: reason.rawValue, sparing: sparing)
    }

    /// Cancels a batch: its pending messages end `CANCELLED` and the listing no longer shows it.
    mutating func cancel(batchID: Int64) {
        batches.removeAll { $0.id == batchID }
        end(batchID: batchID, status: .cancelled, reasonCode: "CANCELLED")
    }

    private mutating func end(batchID: Int64, status: MessageStatus, reasonCode: String, sparing: Set<Int64> = []) {
        for id in ids[batchID] ?? [] where Self.pending(rows[id]?.status ?? .delivered) && !sparing.contains(id) {
            rows[id]?.status = status
            rows[id]?.reasonCode = reasonCode
        }
    }

    private static func pending(_ status: MessageStatus) -> Bool {
        status == .queued || status == .scheduled
    }
}

/// A count a gateway script keeps across calls.
final class Counter {
    var value = 0
}
