/// A secret that could not be read. Names where it was looked for, never what it holds.
public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    /// The secret's source as written in the configuration.
    public var source: SecretSource
    /// The file looked at, when there is one.
    public var path: String?
    /// The system's reason ("No such file or directory"), when there is one.
    public var reason: String?

    public init(code: Code, source: SecretSource, path: String? = nil, reason: String? = nil) {
        self.code = code
        self.source = source
        self.path = path
        self.reason = reason
    }

    /// A credential was named but systemd did not set `$CREDENTIALS_DIRECTORY`.
    static func credentialsDirectoryUnset(_ source: SecretSource) -> Self {
        Self(code: .credentialsDirectoryUnset, source: source)
    }

    /// The file is missing, a directory, or not readable.
    static func unreadable(_ source: SecretSource, path: String, reason: String) -> Self {
        Self(code: .unreadable, source: source, path: path, reason: reason)
    }

    /// The secret is not UTF-8 text where text was asked for.
    static func notText(_ source: SecretSource) -> Self {
        Self(code: .notText, source: source)
    }

    public var description: String {
        switch code.base {
        case .credentialsDirectoryUnset:
            "cannot read \(source): $CREDENTIALS_DIRECTORY is not set (systemd sets it for LoadCredential=)"
        case .unreadable:
            if let path, path != source.description {
                "cannot read \(source) (\(path)): \(reason ?? "unreadable")"
            } else {
                "cannot read \(source): \(reason ?? "unreadable")"
            }
        case .notText:
            "\(source) is not UTF-8 text"
        }
    }

    /// What went wrong. Extensible: new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable, Hashable {
            case credentialsDirectoryUnset, unreadable, notText
        }

        fileprivate let base: Base

        /// `credential:` was used outside a systemd unit with credentials.
        public static let credentialsDirectoryUnset = Code(base: .credentialsDirectoryUnset)
        /// The file is missing, a directory, or not readable by the daemon.
        public static let unreadable = Code(base: .unreadable)
        /// The secret is not UTF-8 text.
        public static let notText = Code(base: .notText)

        public var description: String { base.rawValue }
    }
}
