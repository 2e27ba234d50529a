import Logging
import RemessaConfig
import RemessaSFTP

/// Builds a drop's transport from its configuration, reading its secrets (the daemon and `remessa drop` use it).
package enum DropTransportFactory {
    package static func make(
        for drop: DropConfiguration,
        environment: [String: String],
        logger: Logger
    ) throws -> any DropTransport {
        switch drop.transport {
        case .local:
            return LocalDropTransport(root: drop.path ?? ".")
        case .sftp(let sftp):
            let configuration = try sftpConfiguration(sftp, environment: environment)
            return SFTPDropTransport(configuration: configuration, root: drop.path, logger: logger)
        }
    }

    static func sftpConfiguration(
        _ sftp: SFTPDropConfiguration,
        environment: [String: String]
    ) throws -> SFTPConfiguration {
        let authentication: SFTPAuthentication
        if let key = sftp.privateKey {
            let passphrase = try sftp.passphrase?.readString(environment: environment)
            authentication = .privateKey(path: try key.path(environment: environment), passphrase: passphrase)
        } else if let password = sftp.password {
            authentication = .password(try password.readString(environment: environment))
        } else {
            throw DropConfigurationError("no privateKey or passwordFile for \(sftp.user)@\(sftp.host)")
        }
        let verification: SFTPHostKeyVerification
        if let fingerprint = sftp.hostKeyFingerprint {
            verification = .pinned(try SFTPHostKeyFingerprint(fingerprint))
        } else if let knownHosts = sftp.knownHosts {
            verification = .knownHosts(path: knownHosts)
        } else {
            // The configuration parser refuses this; there is no way to skip host-key verification.
            throw DropConfigurationError("no knownHosts or hostKeyFingerprint for \(sftp.host)")
        }
        var configuration = SFTPConfiguration(
            host: sftp.host,
            port: sftp.port,
            username: sftp.user,
            authentication: authentication,
            hostKeyVerification: verification
        )
        configuration.connectTimeout = sftp.connectTimeout
        configuration.operationTimeout = sftp.operationTimeout
        return configuration
    }
}
