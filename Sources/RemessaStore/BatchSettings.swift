import Foundation

/// What a batch was asked to do beyond the drop's defaults: a campaign's label, sender and schedule (contract
/// §10). A plain inbox file has none of them.
public struct BatchSettings: Sendable, Equatable {
    /// The campaign's name, carried into the final file.
    public var label: String?
    /// The sender id every message of the batch goes out with; nil: the route's.
    public var sender: String?
    /// Nothing is submitted before it; nil: at once.
    public var sendAt: Date?
    /// What has not gone out by then ends `EXPIRED` (`SEND_UNTIL_PASSED`); nil: the drop's TTL alone.
    public var sendUntil: Date?

    public init(label: String? = nil, sender: String? = nil, sendAt: Date? = nil, sendUntil: Date? = nil) {
        self.label = label
        self.sender = sender
        self.sendAt = sendAt
        self.sendUntil = sendUntil
    }
}
