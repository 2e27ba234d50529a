import Logging

extension SSHSession {
    /// Connects, verifies the host key, logs in and opens SFTP, each step within the connect timeout.
    static func connect(
        _ configuration: SFTPConfiguration,
        number: UInt64,
        logger: Logger
    ) throws(SFTPError) -> SSHSession {
        try configuration.validate()
        let started = ContinuousClock.now
        logger.debug("SFTP connecting")
        let socket = try SocketConnector.connect(
            host: configuration.host,
            port: configuration.port,
            timeout: configuration.connectTimeout
        )
        let session = try SSHSession(socket: socket, number: number)
        session.setTimeout(configuration.connectTimeout)

        var knownHosts: KnownHostsFile?
        let hostKeyTypes: [SSHHostKeyType]
        switch configuration.hostKeyVerification.policy {
        case .knownHosts(let path):
            let file = try KnownHostsFile(path: path, session: session)
            knownHosts = file
            hostKeyTypes = file.keyTypes(host: configuration.host, port: configuration.port)
            if file.skippedLines > 0 {
                logger.debug(
                    "SFTP skipped known_hosts lines libssh2 cannot read",
                    metadata: ["sftp.known_hosts": "\(path)", "sftp.skipped": "\(file.skippedLines)"]
                )
            }
        case .pinned(let pins):
            hostKeyTypes = SSHHostKeyType.all.filter { type in pins.contains { $0.keyType == type } }
        }
        try session.offerAlgorithms(configuration.algorithms, hostKeyTypes: hostKeyTypes)
        try session.handshake(host: configuration.host, port: configuration.port, timeout: configuration.connectTimeout)
        let fingerprint = try session.verifyHostKey(
            configuration.hostKeyVerification,
            knownHosts: knownHosts,
            host: configuration.host,
            port: configuration.port
        )
        try session.authenticate(username: configuration.username, with: configuration.authentication)
        try session.startSFTP()
        if let interval = configuration.keepaliveInterval {
            session.configureKeepalive(every: interval)
        }
        session.setTimeout(configuration.operationTimeout)
        logger.debug(
            "SFTP connected",
            metadata: [
                "sftp.session": "\(session.number)",
                "sftp.hostkey": "\(fingerprint)",
                "sftp.algorithms": "\(session.negotiatedSummary)",
                "sftp.duration": "\(ContinuousClock.now - started)",
            ]
        )
        return session
    }
}
