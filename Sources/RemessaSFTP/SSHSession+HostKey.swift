import CLibSSH2
import Foundation

extension SSHSession {
    /// The host key the server presented in the handshake: its type and raw blob.
    func serverHostKey() throws(SFTPError) -> (type: SSHHostKeyType, blob: [UInt8]) {
        var length = 0
        var rawType: Int32 = 0
        guard let pointer = libssh2_session_hostkey(self.raw, &length, &rawType), length > 0 else {
            throw self.failure(libssh2_session_last_errno(self.raw), operation: "hostkey", path: nil)
        }
        let blob = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
        guard let type = SSHHostKeyType(libssh2HostKeyType: rawType) else {
            throw SFTPError(
                code: .handshakeFailed,
                operation: "hostkey",
                detail: "the server's host key type (\(rawType)) is not one libssh2 1.10 can verify"
            )
        }
        return (type, blob)
    }

    /// Checks the server's host key against known_hosts or the pinned fingerprints; returns its fingerprint.
    ///
    /// An unknown key and a changed key are distinct, hard errors whose descriptions show the server's
    /// fingerprint (public information) so an operator can compare it with one obtained out of band.
    func verifyHostKey(
        _ verification: SFTPHostKeyVerification,
        knownHosts: KnownHostsFile?,
        host: String,
        port: Int
    ) throws(SFTPError) -> SFTPHostKeyFingerprint {
        let (type, blob) = try self.serverHostKey()
        let fingerprint = blob.withUnsafeBytes { SFTPHostKeyFingerprint(keyType: type, hostKey: $0) }
        let target = port == 22 ? host : "[\(host)]:\(port)"
        switch verification.policy {
        case .knownHosts(let path):
            guard let knownHosts else {
                throw SFTPError(code: .knownHostsUnreadable, operation: "hostkey", path: path)
            }
            if knownHosts.revokedKeys.contains(Data(blob).base64EncodedString()) {
                throw SFTPError(
                    code: .hostKeyRevoked,
                    operation: "hostkey",
                    path: path,
                    detail: "\(target) presented \(fingerprint), which known_hosts marks @revoked"
                )
            }
            switch knownHosts.check(host: host, port: port, key: blob, type: type) {
            case .match:
                return fingerprint
            case .mismatch:
                throw SFTPError(
                    code: .hostKeyMismatch,
                    operation: "hostkey",
                    path: path,
                    detail: "\(target) presented \(fingerprint), which differs from its known_hosts entry; "
                        + "the server's key changed or someone is in between: verify before editing known_hosts"
                )
            case .notFound:
                throw SFTPError(
                    code: .hostKeyUnknown,
                    operation: "hostkey",
                    path: path,
                    detail: "\(target) presented \(fingerprint), and known_hosts has no \(type) key for it; "
                        + "verify the fingerprint out of band, then add the key (ssh-keyscan -p \(port) \(host))"
                )
            case .failure:
                throw SFTPError(
                    code: .knownHostsUnreadable,
                    operation: "hostkey",
                    path: path,
                    detail: "libssh2 could not check \(target) against known_hosts"
                )
            }
        case .pinned(let pins):
            if pins.contains(fingerprint) {
                return fingerprint
            }
            let sameType = pins.filter { $0.keyType == type }
            throw SFTPError(
                code: sameType.isEmpty ? .hostKeyUnknown : .hostKeyMismatch,
                operation: "hostkey",
                detail: "\(target) presented \(fingerprint); pinned: "
                    + pins.map(\.description).joined(separator: ", ")
            )
        }
    }
}
