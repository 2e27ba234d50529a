import Foundation
import RemessaSFTP
import Synchronization

/// A throwaway OpenSSH `sshd` on 127.0.0.1 with its own config, fresh host keys, and chrooted SFTP users.
///
/// For tests, benchmarks and demos. Each user gets an Ed25519 key (and optionally a password), and a drop tree
/// (`<state>/chroot/<user>/drop`, seen over SFTP as `/drop`, the login directory) that the caller can fill
/// directly on disk. `sshd` runs as a child of this process (it needs root, `/run/sshd`, and `StrictModes no`
/// because its keys sit in the state directory); ``stop()`` kills it and removes the state. A missing `sshd`
/// is an error, never a skip.
///
/// ```swift
/// let sandbox = try await SSHDSandbox.start(SSHDSandboxConfiguration(users: ["acme"]))
/// let client = SFTPClient(configuration: sandbox.clientConfiguration(for: sandbox.users[0]), logger: logger)
/// …
/// await sandbox.stop()
/// ```
public final class SSHDSandbox: StoppableSandbox {
    /// Always `127.0.0.1`.
    public let host = "127.0.0.1"
    /// The port sshd listens on.
    public let port: Int
    /// The state directory: config, keys, logs, chroot trees.
    public let stateDirectory: String
    /// An OpenSSH known_hosts file with the sandbox's host keys (`[127.0.0.1]:port` entries).
    public let knownHostsPath: String
    /// The sandbox's host keys' fingerprints, Ed25519 first.
    public let hostKeyFingerprints: [SFTPHostKeyFingerprint]
    /// The users, in configuration order.
    public let users: [SSHDSandboxUser]
    /// sshd's own log (`LogLevel VERBOSE`).
    public let serverLogPath: String
    let configuration: SSHDSandboxConfiguration
    let configPath: String
    let state: Mutex<ServerProcess?>

    init(
        configuration: SSHDSandboxConfiguration,
        layout: SandboxLayout,
        port: Int,
        users: [SSHDSandboxUser],
        fingerprints: [SFTPHostKeyFingerprint]
    ) {
        self.configuration = configuration
        self.stateDirectory = layout.root
        self.knownHostsPath = layout.knownHosts
        self.serverLogPath = layout.serverLog
        self.configPath = layout.serverConfig
        self.port = port
        self.users = users
        self.hostKeyFingerprints = fingerprints
        self.state = Mutex(nil)
    }

    /// Sets up the state directory, users and keys, starts sshd and waits until it sends its banner.
    ///
    /// A free port can be taken by another process between finding it and sshd's bind (tests start sandboxes side
    /// by side): then the sandbox is prepared again on another port, a few times.
    public static func start(_ configuration: SSHDSandboxConfiguration) async throws -> SSHDSandbox {
        var attempt = 1
        while true {
            let sandbox = try Self.prepare(configuration)
            do {
                try await sandbox.launch()
                return sandbox
            } catch {
                sandbox.removeState()
                let portTaken = "\(error)".contains("Address already in use")
                guard portTaken, configuration.port == nil, attempt < 5 else { throw error }
                attempt += 1
            }
        }
    }

    /// Runs `body` with a started sandbox and stops it afterwards, whether `body` returns or throws.
    public static func withSandbox<Result>(
        _ configuration: SSHDSandboxConfiguration,
        _ body: (SSHDSandbox) async throws -> Result
    ) async throws -> Result {
        try await Self.start(configuration).use(body)
    }

    /// Kills sshd and every session it started, waits for them, and removes the state directory (unless the
    /// configuration keeps it). System users stay: creating them is idempotent.
    public func stop() async {
        await self.terminate()
        if self.configuration.removesStateOnStop {
            self.removeState()
        }
    }

    /// The user named `name`.
    public func user(_ name: String) -> SSHDSandboxUser? {
        self.users.first { $0.name == name }
    }

    /// A client configuration for `user`: key login (or `authentication`), verified against the sandbox's
    /// known_hosts, short timeouts suited to loopback.
    public func clientConfiguration(
        for user: SSHDSandboxUser,
        authentication: SFTPAuthentication? = nil
    ) -> SFTPConfiguration {
        var configuration = SFTPConfiguration(
            host: self.host,
            port: self.port,
            username: user.name,
            authentication: authentication ?? .privateKey(path: user.privateKeyPath),
            hostKeyVerification: .knownHosts(path: self.knownHostsPath)
        )
        configuration.connectTimeout = .seconds(5)
        configuration.operationTimeout = .seconds(10)
        return configuration
    }

    /// A known_hosts file with the sandbox's host keys for `127.0.0.1:port`: for clients that reach the sandbox
    /// through a ``FaultProxy`` listening on `port`.
    public func knownHostsPath(forPort port: Int) throws -> String {
        let path = "\(self.stateDirectory)/known_hosts_\(port)"
        try Self.writeKnownHosts(port: port, layout: SandboxLayout(root: self.stateDirectory), to: path)
        return path
    }

    /// Lets `user` also log in with the public key at `publicKeyPath` (appended to their authorized keys).
    public func authorize(publicKeyAt publicKeyPath: String, for user: SSHDSandboxUser) throws {
        let layout = SandboxLayout(root: self.stateDirectory)
        guard let key = FileManager.default.contents(atPath: publicKeyPath),
            let handle = FileHandle(forWritingAtPath: layout.authorizedKeys(for: user.name))
        else {
            throw SSHDSandboxError("cannot add \(publicKeyPath) to \(user.name)'s authorized keys")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(key)
    }

    func removeState() {
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }
}
