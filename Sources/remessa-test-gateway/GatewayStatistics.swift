/// What `GET /stats` answers.
///
/// `messages`, `unique` and `duplicates` count the messages of accepted requests (a message accepted again under
/// the same id is a duplicate); `throttled`, `errors` and `rejected` count requests answered 429, 5xx and 4xx.
struct GatewayStatistics: Sendable, Codable, Equatable {
    var requests = 0
    var messages = 0
    var unique = 0
    var duplicates = 0
    var throttled = 0
    var errors = 0
    var rejected = 0
    var dlrsSent = 0
    var dlrsFailed = 0
}
