import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs notices to drops' `notify:` URLs (contract §11), signed as the gateways' webhooks are: `X-Remessa-Signature`
/// is the hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the drop's secret. Owns a small connection pool;
/// every request ends within its timeout, whatever the receiver does.
package final class NoticeSender: Sendable {
    /// What one attempt came to.
    package enum Attempt: Sendable, Equatable {
        /// The receiver answered 2xx.
        case delivered(status: Int)
        /// Another status, no answer in time, or no connection; the sentence says which.
        case failed(String)
    }

    private let client: GatewayHTTPClient
    private let timeout: Duration

    package init(timeout: Duration = .seconds(10), connections: Int = 4) {
        self.timeout = timeout
        self.client = GatewayHTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            connections: connections,
            timeout: timeout
        )
    }

    /// The headers a notice goes with: its id, the Unix time and the signature over both time and body.
    package static func headers(id: String, body: String, secret: String, now: Date) -> [(String, String)] {
        let timestamp = String(Int64(now.timeIntervalSince1970.rounded(.down)))
        return [
            ("Content-Type", "application/json"),
            ("X-Remessa-Event-Id", id),
            ("X-Remessa-Timestamp", timestamp),
            (
                "X-Remessa-Signature",
                WebhookSignature.hex(timestamp: timestamp, body: Array(body.utf8), secret: secret)
            ),
        ]
    }

    package func post(to url: URL, id: String, body: String, secret: String, now: Date = Date()) async -> Attempt {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in Self.headers(id: id, body: body, secret: secret, now: now) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // Read (a little of) the answer so the connection can be reused; its content does not matter.
            _ = try? await response.body.collect(upTo: 64 << 10)
            let status = Int(response.status.code)
            return (200..<300).contains(status)
                ? .delivered(status: status) : .failed("the receiver answered \(status)")
        } catch {
            return .failed("the receiver did not answer: \(String("\(error)".prefix(200)))")
        }
    }

    package func shutdown() async {
        await client.shutdown()
    }
}
