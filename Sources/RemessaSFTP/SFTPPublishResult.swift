/// Where a published file ended up.
public struct SFTPPublishResult: Sendable, Hashable {
    /// The remote path the content is published under: the requested one or a suffixed variant.
    public var path: String
    /// The content's size and SHA-256.
    public var content: SFTPTransferResult
    /// Whether an earlier publication of the same content (same size and SHA-256) was found and nothing was
    /// uploaded.
    public var wasAlreadyPublished: Bool

    public init(path: String, content: SFTPTransferResult, wasAlreadyPublished: Bool) {
        self.path = path
        self.content = content
        self.wasAlreadyPublished = wasAlreadyPublished
    }
}
