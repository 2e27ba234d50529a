/// `retention:`, at the top level and in a drop.
extension ConfigurationParser {
    /// The keys a `retention:` block accepts.
    static let retentionKeys = ["messages", "files", "outbox"]

    /// `retention:` over `defaults`: each key given replaces the default's, the others stay.
    mutating func parseRetention(_ node: ConfigNode?, defaults: RetentionSettings) -> RetentionSettings {
        guard let node, let map = mapping(node) else { return defaults }
        checkKeys(map, known: Self.retentionKeys)
        var retention = defaults
        retention.messages = duration(map["messages"]) ?? retention.messages
        retention.files = duration(map["files"]) ?? retention.files
        retention.outbox = duration(map["outbox"]) ?? retention.outbox
        return retention
    }
}
