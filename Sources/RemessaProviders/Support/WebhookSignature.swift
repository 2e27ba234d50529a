import Crypto
import Foundation

/// HMAC-SHA256 tokens and signatures for webhooks, compared in constant time.
package enum WebhookSignature {
    /// Lower-case hex HMAC-SHA256 of `message` keyed with `secret`.
    static func hex(_ message: some DataProtocol, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return Self.hex(code)
    }

    /// Lower-case hex HMAC-SHA256 of `timestamp`, a `.`, then `body`: what a timestamped call signs (§9a).
    package static func hex(timestamp: String, body: some DataProtocol, secret: String) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        mac.update(data: Array(timestamp.utf8) + [UInt8(ascii: ".")])
        mac.update(data: body)
        return Self.hex(mac.finalize())
    }

    /// How far a call's `X-Remessa-Timestamp` may be from now, either way, in seconds (§9a).
    static let timestampTolerance: Int64 = 300

    /// Checks a webhook call's `X-Remessa-Signature` (`signature`, hex, an optional `sha256=` prefix) keyed with
    /// `secret`: over `<timestamp>.<body>` when the call has an `X-Remessa-Timestamp` (Unix seconds), which must
    /// then be within ``timestampTolerance`` of `now` (an older call is a replay), else over the body alone.
    /// Pure: the time is the caller's.
    static func verify(
        body: [UInt8],
        signature: String?,
        timestamp: String?,
        secret: String,
        now: Date
    ) throws(WebhookError) {
        guard var presented = signature?.trimmingCharacters(in: .whitespaces), !presented.isEmpty else {
            throw .unauthorized("missing X-Remessa-Signature")
        }
        if presented.lowercased().hasPrefix("sha256=") {
            presented.removeFirst("sha256=".count)
        }
        guard let timestamp = timestamp?.trimmingCharacters(in: .whitespaces) else {
            guard Self.matches(presented, Self.hex(body, secret: secret)) else {
                throw .unauthorized("wrong X-Remessa-Signature")
            }
            return
        }
        guard (1...18).contains(timestamp.utf8.count),
            timestamp.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
            let seconds = Int64(timestamp)
        else {
            throw .unauthorized("X-Remessa-Timestamp is not Unix seconds")
        }
        guard Self.matches(presented, Self.hex(timestamp: timestamp, body: body, secret: secret)) else {
            throw .unauthorized("wrong X-Remessa-Signature")
        }
        let skew = Int64(now.timeIntervalSince1970.rounded(.down)) - seconds
        guard skew.magnitude <= Self.timestampTolerance else {
            throw .unauthorized("X-Remessa-Timestamp is more than 300 s from now (a replay?)")
        }
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
