/// Everything wrong with a configuration file, collected in one pass so an operator fixes it all at once.
///
/// `description` prints one problem per line, `path: sentence`, e.g.
/// `drops.acme.sftp.port: expected an integer, found "abc"`. No issue ever quotes a secret.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The file (or name) the configuration came from.
    public var source: String
    /// Every problem found, in document order.
    public var issues: [Issue]

    public init(source: String, issues: [Issue]) {
        self.source = source
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }

    /// Each issue as `source:line: path: sentence`, for logs and `--check-config`; no more secret than `description`.
    public var debugDescription: String {
        issues.map { issue in
            "\(source)" + (issue.line.map { ":\($0)" } ?? "") + ": \(issue)"
        }
        .joined(separator: "\n")
    }

    /// The codes of the issues, in order (handy for tests and metrics).
    public var codes: [Code] { issues.map(\.code) }

    /// One problem at one place in the file.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        public var code: Code
        /// Dotted path of the key the problem is about (`drops.acme.sftp.port`); empty for the whole file.
        public var path: String
        /// A sentence for the operator.
        public var message: String
        /// The 1-based line in the file, when known.
        public var line: Int?

        public init(code: Code, path: String, message: String, line: Int? = nil) {
            self.code = code
            self.path = path
            self.message = message
            self.line = line
        }

        public var description: String {
            path.isEmpty ? message : "\(path): \(message)"
        }
    }

    /// What kind of problem an issue is. Extensible: new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadableFile, syntax, unknownKey, wrongType, invalidValue, missingKey, outOfRange
            case invalidDuration, unknownRoute, inlineSecret, missingSecret, missingFile, noHostKeyVerification
            case conflictingKeys
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The configuration file (or a file it names, such as `templateFile`) cannot be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// The YAML itself is malformed (with line and column) or has a duplicated key.
        public static let syntax = Code(.syntax)
        /// A key this section does not know.
        public static let unknownKey = Code(.unknownKey)
        /// A mapping where a value was expected, a word where a number was, and so on.
        public static let wrongType = Code(.wrongType)
        /// A value of the right type that is not allowed (an unknown enum value, a relative path, …).
        public static let invalidValue = Code(.invalidValue)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A number outside its range (ports, counts, zero durations).
        public static let outOfRange = Code(.outOfRange)
        /// A duration without a unit, or not a duration at all.
        public static let invalidDuration = Code(.invalidDuration)
        /// A drop names a route that is not declared.
        public static let unknownRoute = Code(.unknownRoute)
        /// A password, passphrase or token written in the file instead of in a file of its own.
        public static let inlineSecret = Code(.inlineSecret)
        /// A secret file or systemd credential that is missing or unreadable.
        public static let missingSecret = Code(.missingSecret)
        /// A non-secret file the configuration needs (known_hosts) is missing or unreadable.
        public static let missingFile = Code(.missingFile)
        /// An SFTP drop without a way to verify the server's host key.
        public static let noHostKeyVerification = Code(.noHostKeyVerification)
        /// Keys that cannot be used together.
        public static let conflictingKeys = Code(.conflictingKeys)

        public var description: String { base.rawValue }
    }
}
