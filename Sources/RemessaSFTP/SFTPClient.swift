import Logging

/// A safe async SFTP client on libssh2 for one server and user; it knows nothing of what the files mean.
///
/// The client connects on first use and keeps one SSH session, reconnecting with backoff after a transport error
/// (see ``SFTPReconnectPolicy``) and checking a session that sat idle before reusing it. Operations are
/// serialised: libssh2 sessions are not thread-safe, and each client runs its blocking libssh2 calls on its own
/// thread (its actor executor), never on the cooperative pool. A dead server fails a call within
/// ``SFTPConfiguration/operationTimeout``; the failed operation is not repeated (only the caller knows whether that
/// is safe), but the next call reconnects.
///
/// Every error thrown is an ``SFTPError``, except `CancellationError` when the calling task is cancelled between
/// blocks of a transfer or batches of a listing. Paths are relative to the login directory unless they start
/// with `/`.
///
/// ```swift
/// try await SFTPClient.withClient(configuration: configuration, logger: logger) { client in
///     for try await entry in client.list("inbox") { … }
///     let result = try await client.download("inbox/clientes.csv", to: "/var/spool/remessa/clientes.csv")
/// }
/// ```
public actor SFTPClient {
    /// Where and how this client connects.
    public nonisolated let configuration: SFTPConfiguration
    let logger: Logger
    let executor: SessionThreadExecutor

    /// The current session, if connected.
    var session: SSHSession?
    /// Sessions made so far; numbers each new one.
    var sessionCount: UInt64 = 0
    /// Failed connection attempts since the last success; drives the backoff.
    var consecutiveConnectFailures = 0
    /// Set by ``close()``.
    var isClosed = false
    /// Open directory handles of listings in progress, by cursor id.
    var openDirectories: [UInt64: OpenDirectory] = [:]
    /// Numbers listing cursors.
    var cursorCount: UInt64 = 0
    /// Jitter for the backoff.
    var random = SystemRandomNumberGenerator()

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        self.executor.asUnownedSerialExecutor()
    }

    /// The libssh2 version linked at run time (`1.10.0` on Debian 12), for start-up logs and bug reports.
    public static var libssh2Version: String {
        LibSSH2Library.version
    }

    /// Creates a client; nothing connects until the first operation (or ``connect()``).
    ///
    /// The logger receives debug and trace events with `sftp.*` metadata; never credentials.
    public init(configuration: SFTPConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "sftp.host"] = "\(configuration.host):\(configuration.port)"
        logger[metadataKey: "sftp.user"] = "\(configuration.username)"
        self.logger = logger
        self.executor = SessionThreadExecutor(name: "rsftp.session")
    }

    deinit {
        self.executor.shutdown()
    }

    /// Runs `body` with a new client and closes the client afterwards, whether `body` returns or throws.
    public static func withClient<Result>(
        configuration: SFTPConfiguration,
        logger: Logger,
        _ body: (SFTPClient) async throws -> Result
    ) async throws -> Result {
        let client = SFTPClient(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Connects now (if not connected) to check the server, its host key and the credentials.
    public func connect() async throws {
        _ = try await self.readySession(for: "connect")
    }

    /// Disconnects; later operations throw `.closed`.
    public func close() async {
        guard !self.isClosed else { return }
        self.isClosed = true
        self.closeAllDirectories()
        if let session = self.session {
            session.disconnect(timeout: min(self.configuration.operationTimeout, .seconds(2)))
            self.session = nil
            self.logger.debug("SFTP session closed")
        }
        self.executor.setIdleHandler(every: nil, nil)
    }

    /// The server's absolute form of `path` (`"."` is the login directory).
    public func canonicalPath(_ path: String) async throws -> String {
        try await self.withSession("realpath", path: path) { session in
            try session.realPath(path)
        }
    }
}
