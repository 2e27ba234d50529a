/// The test gateway's counters (`GET /stats`).
///
/// `messages`, `unique` and `duplicates` count the messages of accepted requests (accepted again under the same
/// id: a duplicate); `throttled`, `errors` and `rejected` count requests answered 429, 5xx and other 4xx.
public struct TestGatewayStats: Sendable, Decodable, Equatable {
    public var requests: Int
    public var messages: Int
    public var unique: Int
    public var duplicates: Int
    public var throttled: Int
    public var errors: Int
    public var rejected: Int
    /// Delivery reports posted to remessad and answered 2xx.
    public var dlrsSent: Int
    /// Delivery reports in posts that failed (each retried until it went through).
    public var dlrsFailed: Int
}

/// One line of the gateway's log file: a message id and the HTTP status its request was answered.
public struct TestGatewayLogEntry: Sendable, Equatable {
    public var id: String
    public var status: Int
}
