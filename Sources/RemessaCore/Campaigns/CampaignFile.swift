/// A campaign file, `inbox/<name>.campaign.json` (contract §10): a saved base to send, with its own settings.
/// Every key but `base` is optional; an absent one takes the drop's setting.
public struct CampaignFile: Sendable, Equatable {
    /// The name of a file in `bases/`.
    public var base: String
    public var template: String?
    public var sender: String?
    public var sendAt: OffsetDateTime?
    public var sendUntil: OffsetDateTime?
    public var priority: Priority?
    public var countryCode: CountryCodeMode?
    public var onMissingField: MissingFieldPolicy?
    public var label: String?
    public var validateOnly: Bool

    public init(
        base: String,
        template: String? = nil,
        sender: String? = nil,
        sendAt: OffsetDateTime? = nil,
        sendUntil: OffsetDateTime? = nil,
        priority: Priority? = nil,
        countryCode: CountryCodeMode? = nil,
        onMissingField: MissingFieldPolicy? = nil,
        label: String? = nil,
        validateOnly: Bool = false
    ) {
        self.base = base
        self.template = template
        self.sender = sender
        self.sendAt = sendAt
        self.sendUntil = sendUntil
        self.priority = priority
        self.countryCode = countryCode
        self.onMissingField = onMissingField
        self.label = label
        self.validateOnly = validateOnly
    }

    /// What an inbox name ends with to be a campaign file.
    public static let suffix = ".campaign.json"
    /// The inbox glob campaign files match, besides the drop's `include`.
    public static let glob = "*" + suffix
    /// Every key a campaign file may have, in the contract's order.
    public static let keys = [
        "base", "template", "sender", "sendAt", "sendUntil", "priority", "countryCode", "onMissingField", "label",
        "validateOnly",
    ]
    /// A campaign file is a few lines; anything larger is not one.
    public static let maxBytes = 64 * 1024

    /// Whether an inbox name is a campaign file's (case-insensitive).
    public static func isCampaign(_ name: String) -> Bool {
        name.lowercased().hasSuffix(suffix) && name.utf8.count > suffix.utf8.count
    }
}
