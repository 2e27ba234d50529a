extension SSHDSandbox {
    /// The YAML of an `sftp` drop named `name` for `user` of this sandbox (under `drops:`), verified against
    /// `knownHosts` (this sandbox's own by default), with `settings` (drop-level `key: value` lines) after it.
    /// `port` reaches the sandbox through something else on loopback, such as a ``FaultProxy``; `sftpSettings` go
    /// under `sftp:` (`operationTimeout: 2s`).
    public func dropYAML(
        _ name: String,
        user: SSHDSandboxUser,
        port: Int? = nil,
        knownHosts: String? = nil,
        sftpSettings: [String] = [],
        settings: [String] = []
    ) -> String {
        var lines = [
            "  \(name):",
            "    transport: sftp",
            "    sftp:",
            "      host: \(host)",
            "      port: \(port ?? self.port)",
            "      user: \(user.name)",
            "      privateKey: \(user.privateKeyPath)",
            "      knownHosts: \(knownHosts ?? knownHostsPath)",
        ]
        lines += sftpSettings.map { "      " + $0 }
        lines.append("    path: \(user.remoteDropPath)")
        lines += settings.map { "    " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
