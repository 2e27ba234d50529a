#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of the store, with what was being done and the cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public var description: String { name }

        /// The database or its lock file could not be opened.
        public static let cannotOpen = Code(name: "cannotOpen")
        /// Another daemon holds the store.
        public static let locked = Code(name: "locked")
        /// The database was made by another version of Remessa, or never migrated.
        public static let schemaMismatch = Code(name: "schemaMismatch")
        /// A referenced record does not exist.
        public static let notFound = Code(name: "notFound")
        /// Another claim of the same file is in progress (stage `claiming`): on another node, or cut short by a
        /// crash and not yet confirmed.
        public static let claimInProgress = Code(name: "claimInProgress")
        /// The write was made under a lease another node holds now (contract section 13): nothing was written.
        public static let staleLease = Code(name: "staleLease")
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var errno: Int32?

    package init(_ code: Code, _ message: String, path: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    public var description: String {
        var text = message
        if let path { text += " (\(path))" }
        if let errno { text += ": " + String(cString: strerror(errno)) }
        return text
    }
}
