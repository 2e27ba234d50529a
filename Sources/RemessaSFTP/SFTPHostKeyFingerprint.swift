import Crypto
import Foundation

/// A pinned host key: its SHA-256 fingerprint and its algorithm.
///
/// Accepts what operators copy from OpenSSH: `SHA256:…`, `ssh-ed25519 SHA256:…`, or a whole line of
/// `ssh-keyscan -p PORT HOST | ssh-keygen -lf -` such as `256 SHA256:… [host]:2222 (ED25519)`. Without a key
/// type the pin means an Ed25519 key. The type matters: libssh2 negotiates the host-key algorithm before it sees
/// the key, so the client asks the server for the pinned type.
public struct SFTPHostKeyFingerprint: Sendable, Hashable {
    /// The host-key algorithm the fingerprint belongs to.
    public var keyType: SSHHostKeyType
    /// The 32-byte SHA-256 of the host key blob.
    public var digest: [UInt8]

    /// Parses a fingerprint in any of the accepted forms; throws `.invalidConfiguration` otherwise.
    public init(_ text: String) throws(SFTPError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let hashField = fields.first(where: { $0.hasPrefix("SHA256:") }) else {
            throw .invalidConfiguration("\"\(text)\" is not a host-key fingerprint: expected SHA256:<base64>")
        }
        var base64 = String(hashField.dropFirst("SHA256:".count))
        while base64.count % 4 != 0 {
            base64 += "="
        }
        guard let data = Data(base64Encoded: base64), data.count == SHA256.byteCount else {
            throw .invalidConfiguration("\(hashField) is not a SHA-256 fingerprint")
        }
        self.digest = Array(data)
        self.keyType = try Self.keyType(in: fields)
    }

    /// A fingerprint of `keyType` with the given digest.
    public init(keyType: SSHHostKeyType, digest: [UInt8]) {
        self.keyType = keyType
        self.digest = digest
    }

    /// The fingerprint of a host key blob, as OpenSSH computes it.
    init(keyType: SSHHostKeyType, hostKey: UnsafeRawBufferPointer) {
        self.keyType = keyType
        self.digest = Array(SHA256.hash(data: hostKey))
    }

    /// `SHA256:` and the unpadded base64 digest, as `ssh-keygen -l` prints it.
    public var sha256: String {
        var base64 = Data(self.digest).base64EncodedString()
        while base64.hasSuffix("=") {
            base64.removeLast()
        }
        return "SHA256:\(base64)"
    }

    private static func keyType(in fields: [String]) throws(SFTPError) -> SSHHostKeyType {
        for field in fields {
            if let type = SSHHostKeyType(name: field) {
                return type
            }
        }
        // `ssh-keygen -l` ends with "(ED25519)", "(ECDSA)" (curve from the leading bit count) or "(RSA)".
        guard let label = fields.last, label.hasPrefix("("), label.hasSuffix(")") else {
            return .ed25519
        }
        switch label.dropFirst().dropLast().uppercased() {
        case "ED25519":
            return .ed25519
        case "RSA":
            return .rsa
        case "ECDSA":
            switch fields.first {
            case "384": return .ecdsaP384
            case "521": return .ecdsaP521
            default: return .ecdsaP256
            }
        default:
            throw .invalidConfiguration("host-key type \(label) is not supported by libssh2 1.10")
        }
    }
}

extension SFTPHostKeyFingerprint: CustomStringConvertible {
    /// `ssh-ed25519 SHA256:…`.
    public var description: String {
        "\(self.keyType) \(self.sha256)"
    }
}
