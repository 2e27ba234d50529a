import Foundation

/// A drop's `notify:` (contract §11): where its notices are POSTed and the key that signs them.
public struct NotifyConfiguration: Sendable, Equatable {
    public var url: URL
    /// The HMAC-SHA256 key of `X-Remessa-Signature`.
    public var secretFile: SecretSource

    public init(url: URL, secretFile: SecretSource) {
        self.url = url
        self.secretFile = secretFile
    }
}

/// `notify:` in a drop.
extension ConfigurationParser {
    mutating func parseNotify(_ node: ConfigNode?) -> NotifyConfiguration? {
        guard let node, let map = mapping(node) else { return nil }
        checkKeys(map, known: ["url", "secretFile"])
        let url = httpURL(map["url"])
        requireKey("url", in: map, "notices are POSTed to this URL")
        let secret = secret(map["secretFile"])
        requireKey("secretFile", in: map, "the file holding the key that signs notices (X-Remessa-Signature)")
        guard let url, let secret else { return nil }
        return NotifyConfiguration(url: url, secretFile: secret)
    }
}
