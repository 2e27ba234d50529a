import Foundation

/// The cluster store's address as the contract writes it (section 13): `postgres://USER@HOST[:PORT]/DATABASE`,
/// with no password (that lives in `passwordFile`) and no parameters.
public struct PostgresURL: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String

    /// Why a text is not such a URL, as a sentence for the operator; it never repeats the text, which could hold
    /// a password.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(parsing url: String) throws(Problem) {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw Problem(description: "it is not a postgres:// URL")
        }
        guard components.password == nil else {
            throw Problem(description: "the URL must not hold the password: put it in passwordFile")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Problem(description: "it names no host (postgres://USER@HOST/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "it names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "it names no database (postgres://USER@HOST/DATABASE)")
        }
        guard components.query == nil, components.fragment == nil else {
            throw Problem(description: "it has parameters; the store takes none")
        }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.user = user
        self.database = database
    }
}
