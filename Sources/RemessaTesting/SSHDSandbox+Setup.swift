import Foundation
import RemessaSFTP

#if canImport(Glibc)
import Glibc
#endif

extension SSHDSandbox {
    static let sshdPath = "/usr/sbin/sshd"
    static let defaultStateParent = "/var/lib/remessa-sftp-sandbox"

    /// Creates the state directory, host keys, users, drop trees, `sshd_config` and known_hosts.
    static func prepare(_ configuration: SSHDSandboxConfiguration) throws -> SSHDSandbox {
        guard getuid() == 0 else {
            throw SSHDSandboxError("the SFTP sandbox must run as root (sshd, chroot and useradd need it)")
        }
        guard FileManager.default.isExecutableFile(atPath: Self.sshdPath) else {
            throw SSHDSandboxError(
                "\(Self.sshdPath) is missing: apt-get install -y openssh-server openssh-sftp-server"
            )
        }
        guard !configuration.users.isEmpty else { throw SSHDSandboxError("a sandbox needs at least one user") }
        let root = try Self.makeStateDirectory(configuration.stateDirectory)
        let layout = SandboxLayout(root: root)
        do {
            try Self.makeDirectory("/run/sshd", mode: 0o755)
            for path in [layout.hostKeys, "\(root)/users", "\(root)/authorized_keys", layout.chroots] {
                try Self.makeDirectory(path, mode: 0o755)
            }
            var fingerprints: [SFTPHostKeyFingerprint] = []
            for (type, bits) in [("ed25519", nil), ("ecdsa", "256")] as [(String, String?)] {
                let path = layout.hostKey(type)
                var arguments = ["-q", "-t", type, "-N", "", "-C", "remessa-sandbox", "-f", path]
                if let bits {
                    arguments += ["-b", bits]
                }
                try SystemCommand.run("/usr/bin/ssh-keygen", arguments)
                let line = try SystemCommand.run("/usr/bin/ssh-keygen", ["-l", "-f", "\(path).pub"])
                fingerprints.append(try SFTPHostKeyFingerprint(line))
            }
            let shell = configuration.sftpServerCommand == nil ? nil : "/bin/sh"
            let users = try configuration.users.map { try Self.prepare($0, layout: layout, shell: shell) }
            let port = try configuration.port ?? FreePort.find()
            try Self.writeServerConfiguration(configuration, users: users, port: port, layout: layout)
            try Self.writeKnownHosts(port: port, layout: layout)
            return SSHDSandbox(
                configuration: configuration,
                layout: layout,
                port: port,
                users: users,
                fingerprints: fingerprints
            )
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }

    /// A root-owned state directory whose ancestors are not group- or world-writable (sshd's chroot rule).
    private static func makeStateDirectory(_ requested: String?) throws -> String {
        let root: String
        if let requested {
            root = URL(fileURLWithPath: requested).standardizedFileURL.path
        } else {
            try Self.makeDirectory(Self.defaultStateParent, mode: 0o755)
            root = "\(Self.defaultStateParent)/\(UUID().uuidString.lowercased().prefix(12))"
        }
        var ancestor = URL(fileURLWithPath: root).deletingLastPathComponent()
        while true {
            var info = stat()
            if stat(ancestor.path, &info) == 0, info.st_uid != 0 || info.st_mode & 0o022 != 0 {
                throw SSHDSandboxError(
                    "\(ancestor.path) is not root-owned or is group/world-writable, so sshd would refuse a chroot "
                        + "under it: put the sandbox's state elsewhere (not under /tmp), e.g. /var/lib/remessa-sftp-sandbox"
                )
            }
            if ancestor.path == "/" {
                break
            }
            ancestor.deleteLastPathComponent()
        }
        try Self.makeDirectory(root, mode: 0o755)
        return root
    }

    /// The system user (created if missing), key, password, authorized keys and chrooted drop tree of `user`.
    private static func prepare(
        _ user: SSHDSandboxConfiguration.User,
        layout: SandboxLayout,
        shell: String?
    ) throws -> SSHDSandboxUser {
        let name = user.name
        let account = try SystemUser.ensure(name)
        if let shell {
            try SystemCommand.run("/usr/sbin/usermod", ["-s", shell, name])
        }
        let uid = account.uid
        let gid = account.gid

        try Self.makeDirectory(layout.userDirectory(name), mode: 0o700)
        let privateKey = layout.privateKey(for: name)
        try SystemCommand.run(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "ed25519", "-N", "", "-C", "\(name)@remessa-sandbox", "-f", privateKey]
        )
        try FileManager.default.copyItem(atPath: "\(privateKey).pub", toPath: layout.authorizedKeys(for: name))

        var password: String?
        var passwordFile: String?
        if user.hasPassword {
            let secret = Self.randomPassword()
            // chpasswd reads the password on stdin, so it never shows in a process list.
            try SystemCommand.run("/usr/sbin/chpasswd", ["-c", "SHA512"], input: "\(name):\(secret)\n")
            let file = layout.passwordFile(for: name)
            guard
                FileManager.default.createFile(
                    atPath: file,
                    contents: Data(secret.utf8),
                    attributes: [.posixPermissions: 0o600]
                )
            else {
                throw SSHDSandboxError("cannot write \(file)")
            }
            password = secret
            passwordFile = file
        } else {
            // "*": no password login, but not "!"-locked (sshd without PAM refuses every method for locked accounts).
            try SystemCommand.run("/usr/sbin/usermod", ["-p", "*", name])
        }

        try Self.makeDirectory(layout.chroot(for: name), mode: 0o755)
        let drop = layout.drop(for: name)
        try Self.makeDirectory(drop, mode: 0o755)
        if let seed = user.seedDirectory {
            for item in try FileManager.default.contentsOfDirectory(atPath: seed) {
                try FileManager.default.copyItem(atPath: "\(seed)/\(item)", toPath: "\(drop)/\(item)")
            }
        }
        try Self.changeOwner(of: drop, uid: uid, gid: gid)
        return SSHDSandboxUser(
            name: name,
            privateKeyPath: privateKey,
            publicKeyPath: "\(privateKey).pub",
            password: password,
            passwordFile: passwordFile,
            dropDirectory: drop,
            remoteDropPath: "/drop"
        )
    }

    private static func writeServerConfiguration(
        _ configuration: SSHDSandboxConfiguration,
        users: [SSHDSandboxUser],
        port: Int,
        layout: SandboxLayout
    ) throws {
        var lines = [
            "# Written by RemessaTesting.SSHDSandbox; scripts/sftp-sandbox writes the same.",
            "ListenAddress 127.0.0.1",
            "Port \(port)",
            "HostKey \(layout.hostKey("ed25519"))",
            "HostKey \(layout.hostKey("ecdsa"))",
            "PidFile \(layout.pidFile)",
            "AuthorizedKeysFile \(layout.root)/authorized_keys/%u",
            "StrictModes no",
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin no",
            "AllowUsers \(users.map(\.name).joined(separator: " "))",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PermitTTY no",
            "MaxStartups 100",
            "MaxSessions 100",
            "LogLevel VERBOSE",
        ]
        if let command = configuration.sftpServerCommand {
            lines.append("Subsystem sftp \(command.replacingOccurrences(of: "{chroots}", with: layout.chroots))")
        } else {
            lines += [
                "Subsystem sftp internal-sftp",
                "ChrootDirectory \(layout.chroots)/%u",
                "ForceCommand internal-sftp -d /drop",
            ]
        }
        lines += configuration.extraServerConfiguration
        for user in users where user.password != nil {
            lines += ["Match User \(user.name)", "    PasswordAuthentication yes"]
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: layout.serverConfig, atomically: true, encoding: .utf8)
    }

    /// `[127.0.0.1]:port <type> <key>` for each host key, as `ssh-keyscan -p port 127.0.0.1` would write.
    static func writeKnownHosts(port: Int, layout: SandboxLayout, to path: String? = nil) throws {
        var lines: [String] = []
        for type in ["ed25519", "ecdsa"] {
            let publicKey = try String(contentsOfFile: "\(layout.hostKey(type)).pub", encoding: .utf8)
            let fields = publicKey.split(separator: " ")
            guard fields.count >= 2 else { throw SSHDSandboxError("unreadable host key \(type)") }
            lines.append("[127.0.0.1]:\(port) \(fields[0]) \(fields[1])")
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: path ?? layout.knownHosts,
            atomically: true,
            encoding: .utf8
        )
    }

    static func makeDirectory(_ path: String, mode: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard chmod(path, mode_t(mode)) == 0 else { throw SSHDSandboxError("cannot chmod \(path)") }
    }

    /// `chown -R uid:gid path`.
    static func changeOwner(of path: String, uid: uid_t, gid: gid_t) throws {
        guard lchown(path, uid, gid) == 0 else { throw SSHDSandboxError("cannot chown \(path)") }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return }
        while let item = enumerator.nextObject() as? String {
            guard lchown("\(path)/\(item)", uid, gid) == 0 else {
                throw SSHDSandboxError("cannot chown \(path)/\(item)")
            }
        }
    }

    private static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
