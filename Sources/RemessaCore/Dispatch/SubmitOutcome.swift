/// What a gateway answered to one submitted message.
public enum SubmitOutcome: Sendable, Equatable {
    /// The gateway took the message; delivery reports follow. `providerID` is the gateway's own id, if any.
    case accepted(providerID: String?)
    /// Not taken this time; try again later. `pushBack` is set when the gateway said it is overloaded (HTTP 429,
    /// Kannel's queue full), so the route slows down; `retryAfter` when it said how long to wait.
    case temporary(reason: String, pushBack: Bool, retryAfter: Duration?)
    /// Refused for good: `status` is terminal (`CARRIER_REJECTED`, `INVALID_NUMBER`, `INVALID_CONTENT`, …).
    case rejected(status: MessageStatus, reasonCode: String, detail: String)
}
