/// Why a PostgreSQL sandbox could not be set up or started.
public struct PostgresSandboxError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the fix where one is known.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
