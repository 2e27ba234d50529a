/// Why the PostgreSQL store could not be reached, configured or migrated.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, with the fix where one is known.
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
