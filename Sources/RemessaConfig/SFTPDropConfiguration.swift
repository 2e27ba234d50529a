/// Where and how to log in to a drop's SFTP server. Host keys are always verified.
public struct SFTPDropConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    /// The private key (YAML `privateKey`), OpenSSH or PEM.
    public var privateKey: SecretSource?
    /// The private key's passphrase (YAML `passphraseFile`).
    public var passphrase: SecretSource?
    /// The login password (YAML `passwordFile`).
    public var password: SecretSource?
    /// An OpenSSH known_hosts file; or
    public var knownHosts: String?
    /// a pinned `SHA256:` fingerprint.
    public var hostKeyFingerprint: String?
    public var connectTimeout: Duration
    public var operationTimeout: Duration

    public init(
        host: String,
        port: Int = 22,
        user: String,
        privateKey: SecretSource? = nil,
        passphrase: SecretSource? = nil,
        password: SecretSource? = nil,
        knownHosts: String? = nil,
        hostKeyFingerprint: String? = nil,
        connectTimeout: Duration = .seconds(10),
        operationTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.privateKey = privateKey
        self.passphrase = passphrase
        self.password = password
        self.knownHosts = knownHosts
        self.hostKeyFingerprint = hostKeyFingerprint
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
    }
}
