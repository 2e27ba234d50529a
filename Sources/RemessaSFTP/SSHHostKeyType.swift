import CLibSSH2

/// An SSH host-key algorithm libssh2 1.10 can verify.
public struct SSHHostKeyType: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm's SSH name, as in known_hosts and `HostKeyAlgorithms`.
    public let name: String

    public var description: String {
        self.name
    }

    public static let ed25519 = SSHHostKeyType(uncheckedName: "ssh-ed25519")
    public static let ecdsaP256 = SSHHostKeyType(uncheckedName: "ecdsa-sha2-nistp256")
    public static let ecdsaP384 = SSHHostKeyType(uncheckedName: "ecdsa-sha2-nistp384")
    public static let ecdsaP521 = SSHHostKeyType(uncheckedName: "ecdsa-sha2-nistp521")
    /// SHA-1 `ssh-rsa`: the only RSA host-key signature libssh2 1.10 verifies; OpenSSH ≥ 8.8 disables it.
    public static let rsa = SSHHostKeyType(uncheckedName: "ssh-rsa")

    /// All types, in the order the client prefers them.
    public static let all: [SSHHostKeyType] = [.ed25519, .ecdsaP256, .ecdsaP384, .ecdsaP521, .rsa]

    /// The type named `name` (`ssh-ed25519`, …), if libssh2 can verify it.
    public init?(name: String) {
        guard Self.knownNames.contains(name) else { return nil }
        self.name = name
    }

    private init(uncheckedName: String) {
        self.name = uncheckedName
    }

    private static let knownNames: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
    ]

    /// The type of the key `libssh2_session_hostkey` returned.
    init?(libssh2HostKeyType type: Int32) {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: self = .ed25519
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: self = .ecdsaP256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: self = .ecdsaP384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: self = .ecdsaP521
        case LIBSSH2_HOSTKEY_TYPE_RSA: self = .rsa
        default: return nil
        }
    }

    /// The `LIBSSH2_KNOWNHOST_KEY_*` bits for `libssh2_knownhost_checkp`.
    var knownHostKeyMask: Int32 {
        switch self.name {
        case "ssh-ed25519": LIBSSH2_KNOWNHOST_KEY_ED25519
        case "ecdsa-sha2-nistp256": LIBSSH2_KNOWNHOST_KEY_ECDSA_256
        case "ecdsa-sha2-nistp384": LIBSSH2_KNOWNHOST_KEY_ECDSA_384
        case "ecdsa-sha2-nistp521": LIBSSH2_KNOWNHOST_KEY_ECDSA_521
        default: LIBSSH2_KNOWNHOST_KEY_SSHRSA
        }
    }
}
