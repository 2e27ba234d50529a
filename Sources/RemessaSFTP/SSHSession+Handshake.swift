import CLibSSH2

extension SSHSession {
    /// The algorithm categories of an SSH key exchange, in `SSH_MSG_KEXINIT` order (= `LIBSSH2_METHOD_*`).
    static let methodNames = [
        "key exchange", "host key", "cipher (client to server)", "cipher (server to client)",
        "MAC (client to server)", "MAC (server to client)", "compression (client to server)",
        "compression (server to client)",
    ]

    /// Sets the algorithm lists to offer: the configured ones or Remessa's defaults, and host-key types from the
    /// verification.
    ///
    /// Configured names libssh2 does not know are rejected here with the names it does support, rather than by a
    /// vague handshake failure later. Default names this libssh2 lacks are left out silently.
    func offerAlgorithms(_ algorithms: SFTPAlgorithms, hostKeyTypes: [SSHHostKeyType]) throws(SFTPError) {
        let hostKeys = algorithms.hostKeys.isEmpty ? hostKeyTypes.map(\.name) : algorithms.hostKeys
        let preferences: [(Int32, configured: [String], defaults: [String])] = [
            (LIBSSH2_METHOD_KEX, algorithms.keyExchange, SFTPAlgorithms.defaultKeyExchange),
            (LIBSSH2_METHOD_HOSTKEY, hostKeys, []),
            (LIBSSH2_METHOD_CRYPT_CS, algorithms.ciphers, SFTPAlgorithms.defaultCiphers),
            (LIBSSH2_METHOD_CRYPT_SC, algorithms.ciphers, SFTPAlgorithms.defaultCiphers),
            (LIBSSH2_METHOD_MAC_CS, algorithms.macs, SFTPAlgorithms.defaultMACs),
            (LIBSSH2_METHOD_MAC_SC, algorithms.macs, SFTPAlgorithms.defaultMACs),
        ]
        for type in LIBSSH2_METHOD_KEX...LIBSSH2_METHOD_COMP_SC {
            self.offeredAlgorithms[type] = self.supportedAlgorithms(type)
        }
        for (type, configured, defaults) in preferences {
            let supported = self.offeredAlgorithms[type] ?? []
            let unsupported = configured.filter { !supported.contains($0) }
            guard unsupported.isEmpty else {
                throw .invalidConfiguration(
                    "libssh2 \(LibSSH2Library.version) does not support the \(Self.methodNames[Int(type)]) "
                        + "algorithm(s) \(unsupported.joined(separator: ",")); it supports \(supported.joined(separator: ","))"
                )
            }
            let names = configured.isEmpty ? defaults.filter(supported.contains) : configured
            guard !names.isEmpty else { continue }
            try self.call("method_pref") { libssh2_session_method_pref(self.raw, type, names.joined(separator: ",")) }
            self.offeredAlgorithms[type] = names
        }
    }

    /// What libssh2 can offer for a `LIBSSH2_METHOD_*` category.
    func supportedAlgorithms(_ type: Int32) -> [String] {
        var list: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        let count = libssh2_session_supported_algs(self.raw, type, &list)
        guard count > 0, let list else { return [] }
        defer { libssh2_free(self.raw, list) }
        return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// Exchanges banners and keys. When that fails, the error says which algorithm lists did not meet: the
    /// server's lists are read from a second, throw-away connection (see ``SSHKexProbe``).
    func handshake(host: String, port: Int, timeout: Duration) throws(SFTPError) {
        do {
            try self.call("handshake") { libssh2_session_handshake(self.raw, self.socket) }
        } catch {
            guard error.code != .timeout else { throw error }
            var error = error
            guard let server = try? SSHKexProbe.serverAlgorithms(host: host, port: port, timeout: timeout) else {
                throw error
            }
            let unmet = self.unmetAlgorithms(server: server)
            if !unmet.isEmpty {
                error.code = .handshakeFailed
                error.detail = unmet.joined(separator: "; ")
            }
            throw error
        }
    }

    /// One sentence per category where no algorithm is acceptable to both sides.
    func unmetAlgorithms(server: [[String]]) -> [String] {
        var unmet: [String] = []
        for type in LIBSSH2_METHOD_KEX...LIBSSH2_METHOD_COMP_SC {
            let ours = self.offeredAlgorithms[type] ?? []
            let theirs = Int(type) < server.count ? server[Int(type)] : []
            if !ours.isEmpty, !theirs.isEmpty, Set(ours).isDisjoint(with: theirs) {
                unmet.append(
                    "no common \(Self.methodNames[Int(type)]): the client offers \(ours.joined(separator: ",")); "
                        + "the server offers \(theirs.joined(separator: ","))"
                )
            }
        }
        return unmet
    }

    /// The negotiated algorithms, for a debug log line.
    var negotiatedSummary: String {
        [LIBSSH2_METHOD_KEX, LIBSSH2_METHOD_HOSTKEY, LIBSSH2_METHOD_CRYPT_CS, LIBSSH2_METHOD_MAC_CS]
            .map(self.negotiatedMethod)
            .joined(separator: " ")
    }
}
