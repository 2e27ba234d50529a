/// SSH algorithm lists to offer, most preferred first; an empty list means Remessa's default for it.
///
/// libssh2 1.10 would offer everything it knows, down to `diffie-hellman-group1-sha1`, `arcfour`, `3des-cbc` and
/// `hmac-md5`; the defaults here keep what OpenSSH still offers (see ``defaultKeyExchange``, ``defaultCiphers``,
/// ``defaultMACs``). libssh2 1.10 has no `chacha20-poly1305`, no AES-GCM and no `*-etm@openssh.com` MACs, so the
/// server must allow an `aes*-ctr` cipher with an `hmac-sha2-*` (or `hmac-sha1`) MAC. Names libssh2 does not know
/// are rejected before connecting. Host-key algorithms normally come from the host-key verification (see
/// ``SFTPHostKeyVerification``).
public struct SFTPAlgorithms: Sendable, Hashable {
    /// Key exchange methods, e.g. `curve25519-sha256`.
    public var keyExchange: [String]
    /// Ciphers, both directions, e.g. `aes128-ctr`.
    public var ciphers: [String]
    /// MACs, both directions, e.g. `hmac-sha2-256`.
    public var macs: [String]
    /// Host-key algorithms; when empty they come from the known_hosts entries or pinned fingerprints.
    public var hostKeys: [String]

    /// Key exchanges offered by default: elliptic-curve and ≥ 2048-bit SHA-2 Diffie-Hellman.
    public static let defaultKeyExchange = [
        "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
        "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
    ]
    /// Ciphers offered by default: AES in counter mode.
    public static let defaultCiphers = ["aes128-ctr", "aes192-ctr", "aes256-ctr"]
    /// MACs offered by default.
    public static let defaultMACs = ["hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"]

    public init(keyExchange: [String] = [], ciphers: [String] = [], macs: [String] = [], hostKeys: [String] = []) {
        self.keyExchange = keyExchange
        self.ciphers = ciphers
        self.macs = macs
        self.hostKeys = hostKeys
    }
}
