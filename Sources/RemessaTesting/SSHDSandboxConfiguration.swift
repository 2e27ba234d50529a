/// What an ``SSHDSandbox`` sets up: users, their drop trees, and extra `sshd_config` lines.
public struct SSHDSandboxConfiguration: Sendable {
    /// One SFTP user of the sandbox.
    public struct User: Sendable, Hashable {
        /// The system user name (created if missing, with a nologin shell).
        public var name: String
        /// Log in with a password as well as the key. Passwords live in `/etc/shadow`, which all sandboxes share:
        /// give concurrent sandboxes different password users.
        public var hasPassword: Bool
        /// A folder copied into the user's drop tree at start.
        public var seedDirectory: String?

        public init(name: String, hasPassword: Bool = false, seedDirectory: String? = nil) {
            self.name = name
            self.hasPassword = hasPassword
            self.seedDirectory = seedDirectory
        }
    }

    /// The users, each with an Ed25519 key and a chrooted drop tree.
    public var users: [User]
    /// Where keys, config, logs and the chroot trees go; it must not be under a world-writable directory (sshd
    /// refuses such a chroot). `nil` makes a fresh directory under `/var/lib/remessa-sftp-sandbox/`.
    public var stateDirectory: String?
    /// The port; `nil` picks a free one.
    public var port: Int?
    /// Lines appended to the global part of `sshd_config`, e.g. `MACs hmac-sha2-256-etm@openssh.com`.
    public var extraServerConfiguration: [String]
    /// Delete the state directory in ``SSHDSandbox/stop()``.
    public var removesStateOnStop: Bool
    /// A command sshd runs as the `sftp` subsystem instead of its chrooted `internal-sftp` (see
    /// ``HostileSFTPServer``); `{chroots}` in it becomes the directory holding each user's tree (`<that>/<user>`,
    /// whose `drop` is the drop). sshd then runs no chroot and starts the command through the user's shell, so
    /// the users get `/bin/sh` as their login shell: give such sandboxes users of their own.
    public var sftpServerCommand: String?

    public init(
        users: [User],
        stateDirectory: String? = nil,
        port: Int? = nil,
        extraServerConfiguration: [String] = [],
        removesStateOnStop: Bool = true,
        sftpServerCommand: String? = nil
    ) {
        self.users = users
        self.stateDirectory = stateDirectory
        self.port = port
        self.extraServerConfiguration = extraServerConfiguration
        self.removesStateOnStop = removesStateOnStop
        self.sftpServerCommand = sftpServerCommand
    }

    /// Key-only users with these names, plus `passwordUser` (if given) who may also use a password.
    public init(users names: [String], passwordUser: String? = nil, seedDirectory: String? = nil) {
        var users = names.map { User(name: $0, seedDirectory: seedDirectory) }
        if let passwordUser {
            users.append(User(name: passwordUser, hasPassword: true, seedDirectory: seedDirectory))
        }
        self.init(users: users)
    }
}
