/// An HTTP request a gateway made to Remessa's listener, free of any server framework.
public struct WebhookRequest: Sendable {
    public var method: String
    /// The path after `/dlr/<route>` or `/mo/<route>` is not used; query items are decoded.
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The peer's address, for logs.
    public var peer: String?

    public init(
        method: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        body: [UInt8] = [],
        peer: String? = nil
    ) {
        self.method = method
        self.query = query
        self.headers = headers
        self.body = body
        self.peer = peer
    }
}
