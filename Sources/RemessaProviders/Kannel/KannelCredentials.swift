/// What a Kannel route authenticates with, read from its secret files.
public struct KannelCredentials: Sendable {
    /// The sendsms user and password.
    public var username: String
    public var password: String
    /// The key of the per-message DLR token and of the MO token: the route's `webhookSecret`, or else the sendsms
    /// password.
    public var webhookSecret: String

    public init(username: String, password: String, webhookSecret: String? = nil) {
        self.username = username
        self.password = password
        self.webhookSecret = webhookSecret ?? password
    }
}
