/// Where and how an ``SFTPClient`` connects, and how patient it is.
///
/// Defaults suit a daemon that polls every few seconds: 10 s to connect, 30 s per operation (the longest a dead
/// server can stall a call), keepalives every 30 s while idle, a liveness round trip before reusing a session that
/// sat idle for 5 s, and a few reconnect attempts with exponential backoff.
public struct SFTPConfiguration: Sendable {
    /// The server's host name or address.
    public var host: String
    /// The server's SSH port.
    public var port: Int
    /// The SSH user name.
    public var username: String
    /// How the client proves who it is.
    public var authentication: SFTPAuthentication
    /// How the client knows it reached the right server. There is deliberately no way to skip this.
    public var hostKeyVerification: SFTPHostKeyVerification
    /// The longest the TCP connect, and then each step of the SSH handshake and login, may take.
    public var connectTimeout: Duration
    /// The longest any single exchange with the server may wait for an answer. A transfer may take much
    /// longer in total; it fails only when the server stops answering for this long.
    public var operationTimeout: Duration
    /// How often to send an SSH keepalive while the connection is idle; `nil` sends none.
    public var keepaliveInterval: Duration?
    /// A session idle for at least this long is checked with one round trip before it is reused.
    public var livenessCheckAfterIdle: Duration
    /// How to retry connecting after a failure.
    public var reconnect: SFTPReconnectPolicy
    /// Buffer sizes for downloads and uploads.
    public var transfer: SFTPTransferTuning
    /// Restrictions on the SSH algorithms offered; empty lists mean libssh2's defaults.
    public var algorithms: SFTPAlgorithms

    /// A configuration with the default timeouts, reconnect policy and tuning.
    public init(
        host: String,
        port: Int = 22,
        username: String,
        authentication: SFTPAuthentication,
        hostKeyVerification: SFTPHostKeyVerification
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.authentication = authentication
        self.hostKeyVerification = hostKeyVerification
        self.connectTimeout = .seconds(10)
        self.operationTimeout = .seconds(30)
        self.keepaliveInterval = .seconds(30)
        self.livenessCheckAfterIdle = .seconds(5)
        self.reconnect = SFTPReconnectPolicy()
        self.transfer = SFTPTransferTuning()
        self.algorithms = SFTPAlgorithms()
    }

    /// Throws `.invalidConfiguration` for settings that cannot work.
    func validate() throws(SFTPError) {
        guard !self.host.isEmpty else { throw .invalidConfiguration("the host is empty") }
        guard (1...65535).contains(self.port) else { throw .invalidConfiguration("port \(self.port) is out of range") }
        guard !self.username.isEmpty else { throw .invalidConfiguration("the user name is empty") }
        guard self.connectTimeout >= .milliseconds(1), self.operationTimeout >= .milliseconds(1) else {
            throw .invalidConfiguration("timeouts must be at least 1 ms")
        }
        try self.transfer.validate()
        try self.hostKeyVerification.validate()
    }
}

extension SFTPConfiguration: CustomStringConvertible {
    /// The destination and the credential kind; never a password or passphrase.
    public var description: String {
        "\(self.username)@\(self.host):\(self.port) (\(self.authentication), \(self.hostKeyVerification))"
    }
}
