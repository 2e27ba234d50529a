/// SSH algorithm lists to offer instead of libssh2's defaults, most preferred first.
///
/// libssh2 1.10 offers no `chacha20-poly1305`, no AES-GCM and no `*-etm@openssh.com` MACs: the server must allow
/// an `aes*-ctr` cipher with an `hmac-sha2-*` MAC. Names libssh2 does not know are rejected before connecting.
/// Host-key algorithms are normally derived from the host-key verification (see ``SFTPHostKeyVerification``).
public struct SFTPAlgorithms: Sendable, Hashable {
    /// Key exchange methods, e.g. `curve25519-sha256`.
    public var keyExchange: [String]
    /// Ciphers, both directions, e.g. `aes128-ctr`.
    public var ciphers: [String]
    /// MACs, both directions, e.g. `hmac-sha2-256`.
    public var macs: [String]
    /// Host-key algorithms; when empty they come from the known_hosts entries or pinned fingerprints.
    public var hostKeys: [String]

    public init(keyExchange: [String] = [], ciphers: [String] = [], macs: [String] = [], hostKeys: [String] = []) {
        self.keyExchange = keyExchange
        self.ciphers = ciphers
        self.macs = macs
        self.hostKeys = hostKeys
    }
}
