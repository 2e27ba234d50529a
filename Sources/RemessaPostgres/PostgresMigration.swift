/// One step of the PostgreSQL schema: its name (the SQLite store's migration of the same name) and the statements
/// that make it, run in order in one transaction.
///
/// Statements go one by one (postgres-nio speaks the extended query protocol, which takes a single statement).
public struct PostgresMigration: Sendable, Hashable {
    public let name: String
    public let statements: [String]

    public init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }
}
