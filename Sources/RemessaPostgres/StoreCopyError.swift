import PostgresNIO

/// Why `remessa store copy` refused or failed; nothing was copied (its one transaction rolled back).
public struct StoreCopyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public var description: String { name }

        /// The PostgreSQL database already holds a store's rows: the copy only fills an empty one.
        public static let notEmpty = Code(name: "notEmpty")
        /// A node holds a lease on the database: a cluster is running on it.
        public static let clusterRunning = Code(name: "clusterRunning")
        /// The two stores' tables or columns differ.
        public static let schemaDiffers = Code(name: "schemaDiffers")
        /// The rows PostgreSQL holds after the copy are not the rows read.
        public static let countMismatch = Code(name: "countMismatch")
    }

    public var code: Code
    /// What happened, with the fix where one is known; never the database's address or a row's values.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// `error` in words an operator can act on: the server's own message for a PostgreSQL error (its generic
    /// description hides even that), never the server's detail, which can quote a row's values.
    public static func describing(_ error: any Error) -> String {
        if let failure = error as? PSQLError {
            return failure.serverInfo?[.message].map { "PostgreSQL: \($0)" } ?? "PostgreSQL: \(failure.code)"
        }
        if let failure = error as? PostgresTransactionError {
            for case let cause? in [failure.closureError, failure.beginError, failure.commitError] {
                return describing(cause)
            }
        }
        return "\(error)"
    }
}
