import Foundation

/// A drop's `sftp:` block.
extension ConfigurationParser {
    mutating func parseSFTP(_ node: ConfigNode) -> SFTPDropConfiguration? {
        guard let map = mapping(node) else {
            return nil
        }
        checkSFTPKeys(map)
        let host = nonEmptyString(map["host"])
        requireKey("host", in: map, "the SFTP server's host name or address")
        let user = nonEmptyString(map["user"])
        requireKey("user", in: map, "the login name on the SFTP server")
        var sftp = SFTPDropConfiguration(host: host ?? "", user: user ?? "")
        sftp.port = integer(map["port"], in: 1...65535) ?? sftp.port
        sftp.privateKey = secret(map["privateKey"])
        sftp.passphrase = secret(map["passphraseFile"])
        sftp.password = secret(map["passwordFile"])
        if !map.has("privateKey") && !map.has("passwordFile") {
            report(
                .missing(
                    at: map.path("privateKey"),
                    "an sftp drop logs in with `privateKey` (a key file or `credential:NAME`) or `passwordFile`",
                    line: map.line
                )
            )
        }
        if let passphrase = map["passphraseFile"], !map.has("privateKey") {
            report(.conflict(at: passphrase.path, "a passphrase needs a `privateKey` to unlock", line: passphrase.line))
        }
        sftp.knownHosts = readableFile(map["knownHosts"])
        sftp.hostKeyFingerprint = fingerprint(map["hostKeyFingerprint"])
        if !map.has("knownHosts") && !map.has("hostKeyFingerprint") {
            report(.noHostKeyVerification(at: node.path, line: node.line))
        }
        sftp.connectTimeout = duration(map["connectTimeout"]) ?? sftp.connectTimeout
        sftp.operationTimeout = duration(map["operationTimeout"]) ?? sftp.operationTimeout
        guard host != nil, user != nil else {
            return nil
        }
        return sftp
    }

    private mutating func checkSFTPKeys(_ map: ConfigMapping) {
        for (key, node) in map.entries where !ConfigurationKeys.sftp.contains(key) {
            if let fileKey = ConfigurationKeys.inlineSecrets[key] {
                report(.inlineSecret(at: node.path, use: fileKey, line: node.line))
            } else if ConfigurationKeys.hostKeyBypass.contains(key) {
                report(
                    .unknownKey(
                        at: node.path,
                        hint: "host keys are always verified and there is no way to turn that off; "
                            + "use `knownHosts` or `hostKeyFingerprint`",
                        line: node.line
                    )
                )
            } else {
                let hint = KeySuggestion.closest(to: key, among: ConfigurationKeys.sftp).map { "did you mean `\($0)`?" }
                report(.unknownKey(at: node.path, hint: hint, line: node.line))
            }
        }
    }

    /// `SHA256:<base64 of 32 bytes>`, alone or as `ssh-keygen -l` prints it (`256 SHA256:… host (ED25519)`).
    private mutating func fingerprint(_ node: ConfigNode?) -> String? {
        guard let node, let text = nonEmptyString(node) else {
            return nil
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let hash = fields.first(where: { $0.hasPrefix("SHA256:") }) {
            var base64 = String(hash.dropFirst("SHA256:".count))
            while base64.count % 4 != 0 {
                base64 += "="
            }
            if let digest = Data(base64Encoded: base64), digest.count == 32 {
                return text.trimmingSpaces()
            }
        }
        report(
            .expected(
                "a host-key fingerprint \"SHA256:<43 base64 characters>\" as `ssh-keygen -lf` prints it",
                found: node.found,
                at: node.path,
                line: node.line
            )
        )
        return nil
    }
}
