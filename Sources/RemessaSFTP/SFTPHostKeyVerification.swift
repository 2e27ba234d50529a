/// How the client checks the server's host key. There is no way to accept any key.
///
/// - ``knownHosts(path:)``: an OpenSSH known_hosts file (plain or hashed names, `[host]:port` entries,
///   `@revoked` markers). An absent entry is `.hostKeyUnknown`, a different key `.hostKeyMismatch`. The client
///   asks the server for the key types the file holds for the host: libssh2 1.10 would otherwise choose ECDSA,
///   and an Ed25519-only entry would then read as "unknown" rather than being checked.
/// - ``pinned(_:)``: one or more SHA-256 fingerprints (several allow a key rotation); the key must match one.
public struct SFTPHostKeyVerification: Sendable, Hashable {
    enum Policy: Sendable, Hashable {
        case knownHosts(path: String)
        case pinned([SFTPHostKeyFingerprint])
    }

    let policy: Policy

    /// Verify against the OpenSSH known_hosts file at `path`.
    public static func knownHosts(path: String) -> SFTPHostKeyVerification {
        SFTPHostKeyVerification(policy: .knownHosts(path: path))
    }

    /// Accept only a key whose SHA-256 fingerprint is one of `fingerprints`.
    public static func pinned(_ fingerprints: [SFTPHostKeyFingerprint]) -> SFTPHostKeyVerification {
        SFTPHostKeyVerification(policy: .pinned(fingerprints))
    }

    /// Accept only a key with this SHA-256 fingerprint.
    public static func pinned(_ fingerprint: SFTPHostKeyFingerprint) -> SFTPHostKeyVerification {
        .pinned([fingerprint])
    }

    func validate() throws(SFTPError) {
        switch self.policy {
        case .knownHosts(let path):
            guard !path.isEmpty else { throw .invalidConfiguration("the known_hosts path is empty") }
        case .pinned(let fingerprints):
            guard !fingerprints.isEmpty else { throw .invalidConfiguration("no host-key fingerprint is pinned") }
        }
    }
}

extension SFTPHostKeyVerification: CustomStringConvertible {
    public var description: String {
        switch self.policy {
        case .knownHosts(let path): "known_hosts \(path)"
        case .pinned(let fingerprints): "pinned \(fingerprints.map(\.sha256).joined(separator: ", "))"
        }
    }
}
