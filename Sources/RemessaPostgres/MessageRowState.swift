import RemessaCore
import RemessaStore

/// The columns of one message that a dispatch record or a delivery report changes, read with the row locked in
/// the transaction that changes it. The changes are worked out here, one record after another, exactly as the
/// SQLite store's statements make them (Store+Dispatch.swift, Store+Reports.swift), and the rows are written
/// back at once: a group of thousands costs a few round trips, and a message named twice in one group changes
/// as it would one statement after the other.
struct MessageRowState: Equatable, Sendable {
    var id: Int64
    var batchID: Int64
    /// The batch's route (fixed at ingestion), which a report must match.
    var route: String
    var status: String
    var reasonCode: String?
    var lastError: String?
    var providerID: String?
    var nextAttemptAt: Double?
    var attempts: Int64
    var submittedAt: Double?
    var doneAt: Double?

    /// One event to record, in the order the changes were made.
    struct Event: Equatable, Sendable {
        var messageID: Int64
        var batchID: Int64
        var status: String
        var reasonCode: String?
        var at: Double
    }

    /// Whether the message still waits to be sent (`QUEUED` or `SCHEDULED`).
    var isPending: Bool {
        status == MessageStatus.queued.rawValue || status == MessageStatus.scheduled.rawValue
    }

    /// Applies what the dispatcher did with the message at `at` (Unix seconds); answers the event it records.
    mutating func apply(_ record: DispatchRecord, at: Double) -> Event? {
        switch record {
        case .submitted(_, let provider):
            guard isPending else {
                // A delivery report overtook the submission's commit: keep its final status.
                providerID = provider ?? providerID
                attempts += 1
                submittedAt = submittedAt ?? at
                return nil
            }
            return move(to: .submitted, reasonCode: nil, error: nil, provider: provider, at: at)
        case .retry(_, let retryAt, let error):
            guard isPending else { return nil }
            attempts += 1
            nextAttemptAt = retryAt.storeSeconds
            lastError = error
            return nil
        case .scheduled(_, let until):
            if status == MessageStatus.queued.rawValue {
                status = MessageStatus.scheduled.rawValue
                nextAttemptAt = until.storeSeconds
                return event(.scheduled, reasonCode: nil, at: at)
            }
            if status == MessageStatus.scheduled.rawValue {
                nextAttemptAt = until.storeSeconds
            }
            return nil
        case .finished(_, let status, let reasonCode, let error):
            guard isPending else { return nil }
            return move(to: status, reasonCode: reasonCode, error: error, provider: nil, at: at)
        }
    }

    /// A pending message leaves the queue for `status`.
    private mutating func move(
        to newStatus: MessageStatus,
        reasonCode newReason: String?,
        error: String?,
        provider: String?,
        at: Double
    ) -> Event {
        status = newStatus.rawValue
        reasonCode = newReason
        lastError = error ?? lastError
        providerID = provider ?? providerID
        nextAttemptAt = nil
        if newStatus == .submitted {
            attempts += 1
            submittedAt = submittedAt ?? at
        }
        if newStatus.isTerminal { doneAt = at }
        return event(newStatus, reasonCode: newReason, at: at)
    }

    /// Applies a delivery report's status at `at` when it may change the message: a `SUBMITTED` one moves to any
    /// other status, an `UNCONFIRMED` one to a final one. Answers the event it records, nil when nothing changed.
    mutating func applyReport(_ newStatus: MessageStatus, reasonCode newReason: String?, at: Double) -> Event? {
        guard status != newStatus.rawValue,
            status == MessageStatus.submitted.rawValue
                || (status == MessageStatus.unconfirmed.rawValue && newStatus.isTerminal)
        else { return nil }
        status = newStatus.rawValue
        reasonCode = newReason
        if newStatus == .submitted { submittedAt = submittedAt ?? at }
        if newStatus.isTerminal { doneAt = at }
        return event(newStatus, reasonCode: newReason, at: at)
    }

    private func event(_ status: MessageStatus, reasonCode: String?, at: Double) -> Event {
        Event(messageID: id, batchID: batchID, status: status.rawValue, reasonCode: reasonCode, at: at)
    }
}

extension MessageRowState {
    init(row: PostgresStoreRow) {
        self.init(
            id: row["id"],
            batchID: row["batch_id"],
            route: row["route"],
            status: row["status"],
            reasonCode: row["reason_code"],
            lastError: row["last_error"],
            providerID: row["provider_id"],
            nextAttemptAt: row["next_attempt_at"],
            attempts: row["attempts"],
            submittedAt: row["submitted_at"],
            doneAt: row["done_at"]
        )
    }
}
