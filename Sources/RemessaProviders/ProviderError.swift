/// Why a route's provider could not be built. The description names the route and key, never a secret.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        public static let missingKey = Code(description: "missingKey")
        public static let unreadableSecret = Code(description: "unreadableSecret")
    }

    public let code: Code
    public let description: String

    public init(code: Code, description: String) {
        self.code = code
        self.description = description
    }

    /// The route lacks a key its provider needs.
    public static func missingKey(_ key: String, route: String) -> ProviderError {
        ProviderError(code: .missingKey, description: "routes.\(route).\(key) is required by its provider")
    }

    /// A secret file could not be read.
    public static func unreadableSecret(_ key: String, route: String, error: any Error) -> ProviderError {
        ProviderError(code: .unreadableSecret, description: "routes.\(route).\(key): \(error)")
    }
}
