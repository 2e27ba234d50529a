extension SSHDSandbox {
    /// The YAML of an `sftp` drop named `name` for `user` of this sandbox (under `drops:`), verified against
    /// `knownHosts` (this sandbox's own by default), with `settings` (drop-level `key: value` lines) after it.
    public func dropYAML(
        _ name: String,
        user: SSHDSandboxUser,
        knownHosts: String? = nil,
        settings: [String] = []
    ) -> String {
        var lines = [
            "  \(name):",
            "    transport: sftp",
            "    sftp:",
            "      host: \(host)",
            "      port: \(port)",
            "      user: \(user.name)",
            "      privateKey: \(user.privateKeyPath)",
            "      knownHosts: \(knownHosts ?? knownHostsPath)",
            "    path: \(user.remoteDropPath)",
        ]
        lines += settings.map { "    " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
