import Foundation

/// The algorithm of a private key file, read from its public parts only, to explain a refused login.
enum PrivateKeyKind: Equatable {
    case rsa
    case other
    case unknown

    /// Looks at the PEM header, or at the public key type inside an OpenSSH-format key (which is not encrypted).
    static func detect(path: String) -> PrivateKeyKind {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return .unknown
        }
        if text.contains("BEGIN RSA PRIVATE KEY") {
            return .rsa
        }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else {
            return text.contains("BEGIN EC PRIVATE KEY") ? .other : .unknown
        }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let blob = Data(base64Encoded: body) else { return .unknown }
        // "openssh-key-v1\0", cipher, kdf, kdf options, key count, then the first public key: its type comes first.
        var reader = SSHWireReader(bytes: Array(blob))
        guard reader.skip(15), reader.string() != nil, reader.string() != nil, reader.string() != nil,
            reader.uint32() != nil, let publicKey = reader.string()
        else { return .unknown }
        var keyReader = SSHWireReader(bytes: publicKey)
        guard let type = keyReader.string() else { return .unknown }
        return String(decoding: type, as: UTF8.self) == "ssh-rsa" ? .rsa : .other
    }
}
