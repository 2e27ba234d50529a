import Foundation
import RemessaCore
import RemessaStore

/// A batch as the operator sees it: where its messages stand, how fast they leave, and its state.
struct BatchProgress {
    let batch: BatchRecord
    /// Messages that left the queue in the last ``window`` seconds.
    let sentInWindow: Int
    /// When the operator looks: a batch whose `sendAt` is still ahead shows `scheduled`.
    var now = Date()

    /// The span the rate is measured over, in seconds.
    static let window = 60.0

    /// scheduled, running, finished or cancelled.
    enum State: String {
        case scheduled, running, finished, cancelled

        var colour: TerminalStyle.Colour {
            switch self {
            case .scheduled: .dim
            case .running: .yellow
            case .finished: .green
            case .cancelled: .red
            }
        }
    }

    /// Cancelled wins (the operator stopped it), then finished (every message terminal), then scheduled (its
    /// `sendAt` still ahead).
    var state: State {
        if batch.cancelledAt != nil { return .cancelled }
        if batch.isTerminal { return .finished }
        if let sendAt = batch.settings.sendAt, sendAt > now { return .scheduled }
        return .running
    }

    var gauge: ProgressGauge { ProgressGauge(done: batch.terminalCount, total: batch.messages) }

    /// Messages per second over the window.
    var rate: Double { Double(sentInWindow) / Self.window }

    /// `12.3/s`, one decimal.
    var rateText: String { "\((rate * 10).rounded() / 10)/s" }

    /// The batch's counts per status, in the contract's order, only those present.
    var presentStatuses: [(MessageStatus, Int)] {
        MessageStatus.allCases.compactMap { status in
            batch.statusCounts[status].flatMap { $0 > 0 ? (status, $0) : nil }
        }
    }

    /// The shape shared by `remessa batches` and `remessa batch ID`.
    var json: JSONValue {
        .object([
            ("id", .int(Int(batch.id))),
            ("drop", .string(batch.drop)),
            ("file", .string(batch.fileName)),
            ("route", .string(batch.route)),
            ("label", .optional(batch.settings.label)),
            ("sender", .optional(batch.settings.sender)),
            ("sendAt", .timestamp(batch.settings.sendAt)),
            ("sendUntil", .timestamp(batch.settings.sendUntil)),
            ("createdAt", .timestamp(batch.createdAt)),
            ("messages", .int(batch.messages)),
            ("segments", .int(batch.segments)),
            ("terminal", .int(batch.terminalCount)),
            ("progress", .double(gauge.fraction)),
            ("ratePerSecond", .double((rate * 100).rounded() / 100)),
            ("state", .string(state.rawValue)),
            ("cancelledAt", .timestamp(batch.cancelledAt)),
            ("finishedAt", .timestamp(batch.finishedAt)),
            ("statusCounts", .object(presentStatuses.map { ($0.0.rawValue, .int($0.1)) })),
        ])
    }
}

extension BatchSettings {
    /// `sendAt → sendUntil` for a person, `-` for a batch sent at once with no end but its time to live.
    var scheduleText: String {
        switch (sendAt, sendUntil) {
        case (nil, nil): "-"
        case (let from?, nil): "from " + Timestamp.iso8601(from)
        case (nil, let until?): "until " + Timestamp.iso8601(until)
        case (let from?, let until?): Timestamp.iso8601(from) + " → " + Timestamp.iso8601(until)
        }
    }
}
