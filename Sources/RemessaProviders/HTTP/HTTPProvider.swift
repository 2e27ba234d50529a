import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RemessaCore

/// A customer's own gateway speaking the contract's JSON (§9; route provider `http`).
///
/// Each message is POSTed to the route's `url` as `{"id","to","text","encoding","segments","correlationId",
/// "drop","batch","sender","expiresAt"}` (the batch's sender, else the route's `sender`, else null) with `Authorization` (bearer token or basic), `Idempotency-Key: <id>` and
/// `Content-Type: application/json`. With `batch: true` up to ``preferredBatchSize`` messages go as one JSON
/// array; see `HTTPBatchAnswer` for how the gateway answers per message and for the batch's idempotency key.
///
/// Answers: 2xx → accepted (with `providerId` from a `{"providerId": …}` body); 429 → temporary with push back
/// and `Retry-After`; 5xx, 408 and 401 (the gateway refused Remessa's credentials: the circuit opens instead of
/// burning messages) → temporary; 400 or 422 whose body names the destination (`"to"`, destination, number,
/// msisdn, phone, recipient) → `INVALID_NUMBER` (`HTTP_400`); other 4xx → `CARRIER_REJECTED` (`HTTP_<code>`);
/// a timeout (route `timeout`) or a connection error → temporary.
public final class HTTPProvider: SMSProvider {
    /// Messages per request: 100 with `batch: true`, else 1.
    public let preferredBatchSize: Int

    private let url: String
    /// The route's `sender`, for messages whose batch names none.
    private let sender: String?
    private let credentials: HTTPCredentials
    private let timeout: Duration
    private let client: GatewayHTTPClient
    private let logger: Logger

    /// A provider for `route` (`url`, `batch`, `timeout`, `maxInFlight` are read) with its own pool of
    /// `maxInFlight` connections on `eventLoopGroup`.
    package init(
        route: ProviderSettings,
        credentials: HTTPCredentials,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger
    ) throws(ProviderError) {
        guard let url = route.url else { throw .missingKey("url", route: route.name) }
        self.url = url.absoluteString
        self.sender = route.sender
        self.credentials = credentials
        self.preferredBatchSize = route.batch ? 100 : 1
        self.timeout = route.timeout
        self.client = GatewayHTTPClient(
            eventLoopGroup: eventLoopGroup,
            connections: route.maxInFlight,
            timeout: route.timeout
        )
        var logger = logger
        logger[metadataKey: "provider.name"] = "\(route.name)"
        logger[metadataKey: "provider.kind"] = "http"
        self.logger = logger
    }

    public func submit(_ messages: [OutgoingMessage]) async -> [SubmitOutcome] {
        guard !messages.isEmpty else { return [] }
        var outcomes: [SubmitOutcome] = []
        outcomes.reserveCapacity(messages.count)
        if self.preferredBatchSize == 1 {
            for message in messages {
                let body = HTTPMessageJSON.object(message, routeSender: self.sender)
                outcomes += await self.post(body: body, key: String(message.id), messages: [message], batch: false)
            }
            return outcomes
        }
        var start = 0
        while start < messages.count {
            let chunk = Array(messages[start..<min(start + self.preferredBatchSize, messages.count)])
            outcomes += await self.post(
                body: HTTPMessageJSON.array(chunk, routeSender: self.sender),
                key: HTTPBatchAnswer.idempotencyKey(for: chunk),
                messages: chunk,
                batch: true
            )
            start += chunk.count
        }
        return outcomes
    }

    public func shutdown() async {
        await self.client.shutdown()
    }

    public func reconnect() async {
        await self.client.reconnect()
    }

    private func post(body: String, key: String, messages: [OutgoingMessage], batch: Bool) async -> [SubmitOutcome] {
        var request = HTTPClientRequest(url: self.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: key)
        if let authorization = self.credentials.headerValue {
            request.headers.add(name: "Authorization", value: authorization)
        }
        request.body = .bytes(ByteBuffer(string: body))
        let outcomes: [SubmitOutcome]
        do {
            let response = try await self.client.execute(request, timeout: self.timeout)
            let answer = try await response.body.collect(upTo: 1 << 20)
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(HTTPAnswer.retryAfter)
            let bytes = Array(answer.readableBytesView)
            if batch, (200..<300).contains(status) {
                outcomes = HTTPBatchAnswer.outcomes(body: bytes, messages: messages)
            } else {
                var outcome = HTTPAnswer.outcome(status: status, body: bytes, retryAfter: retryAfter)
                if batch, case .accepted = outcome {
                    // One id cannot name every message of a batch.
                    outcome = .accepted(providerID: nil)
                }
                outcomes = Array(repeating: outcome, count: messages.count)
            }
        } catch {
            let reason = "the gateway did not answer: \(String("\(error)".prefix(200)))"
            outcomes = Array(
                repeating: .temporary(reason: reason, pushBack: false, retryAfter: nil),
                count: messages.count
            )
        }
        for (message, outcome) in zip(messages, outcomes) {
            if case .accepted = outcome { continue }
            self.logger.debug(
                "The gateway did not take a message",
                metadata: [
                    "remessa.message.id": "\(message.id)",
                    "remessa.message.destination": "\(PersonalDataMask.phone(message.destination))",
                    "provider.outcome": "\(outcome)",
                ]
            )
        }
        return outcomes
    }
}
