import Foundation

/// How the `http` provider authenticates to the gateway, read from the route's secret files.
public enum HTTPCredentials: Sendable, Equatable {
    /// `Authorization: Bearer <token>` (route key `tokenFile`).
    case bearer(String)
    /// `Authorization: Basic …` (route keys `username` and `passwordFile`).
    case basic(username: String, password: String)
    /// No `Authorization` header.
    case none

    /// The `Authorization` header's value, if any.
    var headerValue: String? {
        switch self {
        case .bearer(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .none:
            return nil
        }
    }
}
