import Foundation

/// What the dispatcher does with a message it is about to hand out.
public enum DispatchVerdict: Sendable, Equatable {
    /// Send it now.
    case send
    /// Its number opted out since ingestion: `OPTED_OUT`.
    case optedOut
    /// Its send window is closed: `SCHEDULED` until `opening`.
    case wait(until: Date)
    /// No window will ever open for it: `EXPIRED`, `NO_SEND_WINDOW`.
    case noWindow
}

/// The drops' rules the dispatcher checks per message: the opt-out list, send windows and time to live. The
/// daemon answers from memory (its configuration and the cached opt-out list); tests answer what they need.
public protocol DispatchGate: Sendable {
    /// The verdict for `message` of a batch of `drop` at `date`.
    mutating func verdict(for message: QueuedMessage, drop: String, at date: Date) -> DispatchVerdict
    /// How long a batch of `drop` may wait to be sent, `nil` for ever.
    func timeToLive(drop: String) -> Duration?
}
