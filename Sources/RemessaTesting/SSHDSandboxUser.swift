/// A sandbox user: where their credentials and drop tree are.
public struct SSHDSandboxUser: Sendable, Hashable {
    /// The system user name.
    public let name: String
    /// The unencrypted Ed25519 private key that logs in as this user.
    public let privateKeyPath: String
    /// Its public key.
    public let publicKeyPath: String
    /// The password, for the password user; also in ``passwordFile``.
    public let password: String?
    /// A file holding only the password (mode 0600).
    public let passwordFile: String?
    /// The drop tree on the local disk (inside the chroot); the test may write and read it directly.
    public let dropDirectory: String
    /// The drop tree as the SFTP user sees it; it is also the login directory.
    public let remoteDropPath: String
}
