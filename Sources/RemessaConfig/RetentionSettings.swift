/// How long Remessa keeps what it was given (contract §12): top-level `retention:`, overridable per drop.
public struct RetentionSettings: Sendable, Equatable {
    /// A finished batch's destinations, texts, fields and correlation ids are erased this long after its final
    /// file; its counts and statuses stay.
    public var messages: Duration
    /// Originals in `archive/` and `failed/` older than this are deleted.
    public var files: Duration
    /// Files in `outbox/` older than this are deleted.
    public var outbox: Duration

    public static let thirtyDays = Duration.seconds(30 * 24 * 3600)

    public init(messages: Duration = thirtyDays, files: Duration = thirtyDays, outbox: Duration = thirtyDays) {
        self.messages = messages
        self.files = files
        self.outbox = outbox
    }
}
