extension ConfigurationError.Issue {
    /// The configuration file (or one it names) cannot be read.
    static func cannotRead(_ file: String, because reason: String, at path: String = "", line: Int? = nil) -> Self {
        Self(code: .unreadableFile, path: path, message: "cannot read \(file): \(reason)", line: line)
    }

    /// A YAML syntax error at a position.
    static func syntaxError(_ problem: String, line: Int, column: Int) -> Self {
        Self(
            code: .syntax,
            path: "",
            message: "YAML syntax error at line \(line), column \(column): \(problem)",
            line: line
        )
    }

    /// A key that this section does not know, with a suggestion when one is close.
    static func unknownKey(at path: String, hint: String?, line: Int?) -> Self {
        let message = hint.map { "unknown key; \($0)" } ?? "unknown key"
        return Self(code: .unknownKey, path: path, message: message, line: line)
    }

    /// A value of the wrong shape: `expected an integer, found "abc"`.
    static func expected(_ what: String, found: String, at path: String, line: Int?, hint: String? = nil) -> Self {
        let message = "expected \(what), found \(found)" + (hint.map { "; \($0)" } ?? "")
        return Self(code: .wrongType, path: path, message: message, line: line)
    }

    /// A value that is not allowed here.
    static func invalid(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .invalidValue, path: path, message: sentence, line: line)
    }

    /// One of a fixed set of words was expected.
    static func notOneOf(_ allowed: [String], found: String, at path: String, line: Int?) -> Self {
        let list = allowed.map { "`\($0)`" }.joined(separator: ", ")
        return Self(code: .invalidValue, path: path, message: "expected one of \(list), found \(found)", line: line)
    }

    /// A required key is absent.
    static func missing(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .missingKey, path: path, message: "missing; \(sentence)", line: line)
    }

    /// A number outside its allowed range.
    static func outOfRange(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .outOfRange, path: path, message: sentence, line: line)
    }

    /// Not a duration, or a duration without its unit.
    static func badDuration(at path: String, found: String, line: Int?, hint: String) -> Self {
        Self(
            code: .invalidDuration,
            path: path,
            message: "expected a duration such as \"10s\", found \(found); \(hint)",
            line: line
        )
    }

    /// A drop names a route that is not declared.
    static func unknownRoute(_ name: String, declared: [String], at path: String, line: Int?) -> Self {
        let list = declared.sorted().map { "`\($0)`" }.joined(separator: ", ")
        return Self(
            code: .unknownRoute,
            path: path,
            message: "no route is called \"\(name)\"; the declared routes are \(list)",
            line: line
        )
    }

    /// A secret written inline instead of in a file.
    static func inlineSecret(at path: String, use fileKey: String, line: Int?) -> Self {
        Self(
            code: .inlineSecret,
            path: path,
            message: "secrets are never written in the configuration; put it in a file readable only by remessad "
                + "(or a systemd credential) and name it with `\(fileKey)`",
            line: line
        )
    }

    /// A secret file or credential that cannot be used.
    static func unusableSecret(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .missingSecret, path: path, message: sentence, line: line)
    }

    /// A file the configuration needs that cannot be used.
    static func unusableFile(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .missingFile, path: path, message: sentence, line: line)
    }

    /// An SFTP drop that cannot verify the server it talks to.
    static func noHostKeyVerification(at path: String, line: Int?) -> Self {
        Self(
            code: .noHostKeyVerification,
            path: path,
            message: "the server's host key must be verified: set `knownHosts` (an OpenSSH known_hosts file) or "
                + "`hostKeyFingerprint` (\"SHA256:…\", from `ssh-keyscan HOST | ssh-keygen -lf -`); "
                + "there is no way to turn verification off",
            line: line
        )
    }

    /// Keys that exclude each other.
    static func conflict(at path: String, _ sentence: String, line: Int?) -> Self {
        Self(code: .conflictingKeys, path: path, message: sentence, line: line)
    }
}
