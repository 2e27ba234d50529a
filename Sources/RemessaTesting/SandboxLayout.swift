/// Where a sandbox keeps its files, relative to its state directory. `scripts/sftp-sandbox` uses the same layout.
struct SandboxLayout {
    let root: String

    var serverConfig: String { "\(self.root)/sshd_config" }
    var serverLog: String { "\(self.root)/sshd.log" }
    var pidFile: String { "\(self.root)/sshd.pid" }
    var knownHosts: String { "\(self.root)/known_hosts" }
    var hostKeys: String { "\(self.root)/host_keys" }
    var chroots: String { "\(self.root)/chroot" }

    func hostKey(_ type: String) -> String { "\(self.hostKeys)/ssh_host_\(type)_key" }
    func userDirectory(_ name: String) -> String { "\(self.root)/users/\(name)" }
    func privateKey(for name: String) -> String { "\(self.userDirectory(name))/id_ed25519" }
    func passwordFile(for name: String) -> String { "\(self.userDirectory(name))/password" }
    func authorizedKeys(for name: String) -> String { "\(self.root)/authorized_keys/\(name)" }
    func chroot(for name: String) -> String { "\(self.chroots)/\(name)" }
    func drop(for name: String) -> String { "\(self.chroot(for: name))/drop" }
}
