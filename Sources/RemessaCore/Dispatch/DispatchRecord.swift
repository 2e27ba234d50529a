import Foundation

/// What became of one message the dispatcher handled, to be committed with others in one transaction.
public enum DispatchRecord: Sendable, Equatable {
    /// The gateway took it: `SUBMITTED` (unless a delivery report already made it terminal).
    case submitted(messageID: Int64, providerID: String?)
    /// A temporary failure: stays queued, tried again at `retryAt`.
    case retry(messageID: Int64, retryAt: Date, error: String)
    /// Outside its send window: `SCHEDULED` until `until`.
    case scheduled(messageID: Int64, until: Date)
    /// Done without a delivery report: refused, retries exhausted, opted out.
    case finished(messageID: Int64, status: MessageStatus, reasonCode: String, error: String?)
}

extension DispatchRecord {
    /// The message the record is about.
    public var messageID: Int64 {
        switch self {
        case .submitted(let id, _), .retry(let id, _, _), .scheduled(let id, _), .finished(let id, _, _, _): id
        }
    }
}
