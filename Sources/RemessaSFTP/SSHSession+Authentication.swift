import CLibSSH2
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SSHSession {
    /// Logs in as `username`; a refusal says which methods the server offers and, for RSA keys, why they fail.
    func authenticate(username: String, with authentication: SFTPAuthentication) throws(SFTPError) {
        let offered = self.authenticationMethods(for: username)
        if libssh2_userauth_authenticated(self.raw) != 0 {
            return
        }
        let userLength = UInt32(username.utf8.count)
        switch authentication.method {
        case .privateKey(let path, let passphrase):
            guard access(path, R_OK) == 0 else {
                throw SFTPError(
                    code: .privateKeyUnusable,
                    operation: "authenticate",
                    path: path,
                    detail: "cannot read the private key file",
                    underlying: ErrnoError(number: errno)
                )
            }
            do {
                try self.call("authenticate", path: path) {
                    remessa_libssh2_userauth_publickey_fromfile(self.raw, username, userLength, nil, path, passphrase)
                }
            } catch {
                throw self.explainKeyFailure(error, path: path, offered: offered)
            }
        case .password(let password):
            if let offered, !offered.contains("password") {
                throw SFTPError(
                    code: .authenticationFailed,
                    operation: "authenticate",
                    detail:
                        "the server does not offer password authentication (it offers: \(offered.joined(separator: ",")))"
                )
            }
            do {
                try self.call("authenticate") {
                    remessa_libssh2_userauth_password(
                        self.raw,
                        username,
                        userLength,
                        password,
                        UInt32(password.utf8.count)
                    )
                }
            } catch {
                var error = error
                if error.code == .authenticationFailed || error.code == .libssh2Failure {
                    error.code = .authenticationFailed
                    error.detail = "the server refused the password for \(username)"
                }
                throw error
            }
        }
    }

    /// The methods the server accepts for `username` (`publickey`, `password`, …), or `nil` if it did not say.
    private func authenticationMethods(for username: String) -> [String]? {
        guard let list = libssh2_userauth_list(self.raw, username, UInt32(username.utf8.count)) else {
            return nil
        }
        return String(cString: list).split(separator: ",").map(String.init)
    }

    private func explainKeyFailure(_ error: SFTPError, path: String, offered: [String]?) -> SFTPError {
        var error = error
        if error.code == .privateKeyUnusable {
            error.detail = "libssh2 could not load the private key: wrong passphrase, or a format it cannot read"
            return error
        }
        guard error.code == .authenticationFailed || error.code == .libssh2Failure else { return error }
        error.code = .authenticationFailed
        var detail = "the server refused the key"
        if let offered {
            detail += " (it offers: \(offered.joined(separator: ",")))"
        }
        if PrivateKeyKind.detect(path: path) == .rsa {
            detail +=
                "; this is an RSA key: libssh2 1.10 signs only with SHA-1 ssh-rsa, which OpenSSH 8.8 and "
                + "later refuse; use an Ed25519 key"
        }
        error.detail = detail
        return error
    }
}
