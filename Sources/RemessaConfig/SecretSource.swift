/// Where a secret is read from; never the secret itself.
///
/// In YAML a secret key holds an absolute path (`privateKey: /etc/remessa/keys/acme`) or a systemd credential
/// (`privateKey: credential:acme-key`, read from `$CREDENTIALS_DIRECTORY/acme-key`).
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    /// A file readable by the daemon.
    case file(String)
    /// A systemd credential: `$CREDENTIALS_DIRECTORY/<name>`.
    case credential(String)

    /// The file that holds the secret; a credential needs `CREDENTIALS_DIRECTORY` in `environment`.
    public func path(environment: [String: String]) throws(SecretError) -> String {
        switch self {
        case .file(let path):
            return path
        case .credential(let name):
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw .credentialsDirectoryUnset(self)
            }
            return directory.hasSuffix("/") ? directory + name : directory + "/" + name
        }
    }

    /// The secret's bytes, exactly as stored.
    public func read(environment: [String: String]) throws(SecretError) -> [UInt8] {
        let path = try path(environment: environment)
        switch FileAccess.readAll(path) {
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            throw .unreadable(self, path: path, reason: failure.reason)
        }
    }

    /// The secret as UTF-8 text without one trailing line break (`\n` or `\r\n`), as editors leave it.
    public func readString(environment: [String: String]) throws(SecretError) -> String {
        var bytes = try read(environment: environment)
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") {
                bytes.removeLast()
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notText(self)
        }
        return text
    }

    /// How the source is written in YAML: the path, or `credential:NAME`. Never the content.
    public var description: String {
        switch self {
        case .file(let path): path
        case .credential(let name): "credential:\(name)"
        }
    }
}
