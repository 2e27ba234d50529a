import Crypto
import Foundation

/// HMAC-SHA256 tokens and signatures for webhooks, compared in constant time.
enum WebhookSignature {
    /// Lower-case hex HMAC-SHA256 of `message` keyed with `secret`.
    static func hex(_ message: some DataProtocol, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return Self.hex(code)
    }

    /// The first `length` hex characters of the HMAC of `text`: a token short enough for a URL.
    static func token(_ text: String, secret: String, length: Int = 32) -> String {
        String(Self.hex(Array(text.utf8), secret: secret).prefix(length))
    }

    /// Whether `presented` equals `expected`, taking the same time for every `presented` of the same length, so a
    /// caller cannot learn a token byte by byte. Case-insensitive for hex.
    static func matches(_ presented: String, _ expected: String) -> Bool {
        let left = Array(presented.lowercased().utf8)
        let right = Array(expected.lowercased().utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
