/// How the client logs in: a private key file (Ed25519 or ECDSA, optionally passphrase-protected) or a password.
///
/// Secrets never appear in ``description``, ``debugDescription`` or a mirror, so printing or dumping a
/// configuration cannot leak them. RSA keys do not work against OpenSSH 8.8 and later with libssh2 1.10 (it can
/// only sign with SHA-1 `ssh-rsa`); use Ed25519.
public struct SFTPAuthentication: Sendable {
    enum Method: Sendable {
        case privateKey(path: String, passphrase: String?)
        case password(String)
    }

    let method: Method

    /// Log in with the private key at `path` (OpenSSH or PEM format); libssh2 derives the public key from it.
    public static func privateKey(path: String, passphrase: String? = nil) -> SFTPAuthentication {
        SFTPAuthentication(method: .privateKey(path: path, passphrase: passphrase))
    }

    /// Log in with SSH `password` authentication (not keyboard-interactive).
    public static func password(_ password: String) -> SFTPAuthentication {
        SFTPAuthentication(method: .password(password))
    }
}

extension SFTPAuthentication: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self.method {
        case .privateKey(let path, let passphrase):
            passphrase == nil ? "private key \(path)" : "private key \(path) with passphrase"
        case .password:
            "password"
        }
    }

    public var debugDescription: String {
        "SFTPAuthentication(\(self.description))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["method": self.description])
    }
}
