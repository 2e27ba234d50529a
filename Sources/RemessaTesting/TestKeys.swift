import Foundation

/// SSH keys and host-key lists for tests, made with OpenSSH's own tools.
public enum TestKeys {
    /// A key algorithm `ssh-keygen -t` accepts.
    public enum KeyType: String, Sendable {
        case ed25519
        case ecdsa
        case rsa
    }

    /// Writes a new private key to `path` and its public key to `path.pub`, replacing them.
    public static func generate(_ type: KeyType, at path: String, passphrase: String = "") throws {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: "\(path).pub")
        var arguments = ["-q", "-t", type.rawValue, "-N", passphrase, "-C", "remessa-test", "-f", path]
        if type == .rsa {
            arguments += ["-b", "2048"]
        }
        try SystemCommand.run("/usr/bin/ssh-keygen", arguments)
    }

    /// `ssh-keyscan -p port host` (with `-H`: hashed host names): known_hosts lines for the server's keys.
    public static func scan(host: String = "127.0.0.1", port: Int, hashed: Bool = false) throws -> String {
        var arguments = ["-p", String(port), "-T", "5"]
        if hashed {
            arguments.append("-H")
        }
        arguments.append(host)
        return try SystemCommand.run("/usr/bin/ssh-keyscan", arguments)
    }

    /// `ssh-keyscan -p port host | ssh-keygen -lf -`: one fingerprint line per host key, as an operator would
    /// get them (`256 SHA256:… [127.0.0.1]:2222 (ED25519)`).
    public static func fingerprintLines(host: String = "127.0.0.1", port: Int) throws -> [String] {
        let scanned = try Self.scan(host: host, port: port)
        let lines = try SystemCommand.run("/usr/bin/ssh-keygen", ["-l", "-f", "-"], input: scanned)
        return lines.split(separator: "\n").map(String.init)
    }
}
