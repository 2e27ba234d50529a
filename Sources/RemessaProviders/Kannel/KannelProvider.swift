import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RemessaCore

/// A Kannel smsbox reached through its `sendsms` HTTP interface (route provider `kannel`).
///
/// One GET per message with `username`, `password`, `to`, `text` (`charset=UTF-8`, and `coding=2` for UCS-2
/// texts), `from` (the batch's sender, else the route's), `validity` (minutes left before the message's time to
/// live or `sendUntil`), `smsc`, `dlr-mask=31` and a `dlr-url` back to Remessa's listener:
/// `<dlrURL>/dlr/<route>?id=<message id>&token=<token>&type=%d&at=%T&reply=%A` (Kannel fills in the `%` escapes;
/// ``KannelWebhooks`` reads the call). Answers map to outcomes so that nothing is lost to a configuration error:
///
/// | sendsms answers | outcome |
/// | --- | --- |
/// | 2xx (`0: Accepted for delivery`, `3: Queued for later delivery`) | accepted (no provider id) |
/// | 503 `Temporal failure, try again later.` (bearerbox's queue is full) | temporary, push back |
/// | 403 `Authorization failed for sendsms` | temporary: the circuit opens, no message is burnt |
/// | 400 `Sender missing and no global set` | temporary, as a configuration error |
/// | 400 naming the receiver or number | rejected, `INVALID_NUMBER` |
/// | other 4xx | rejected, `CARRIER_REJECTED` |
/// | other 5xx, refused connection, timeout | temporary |
public final class KannelProvider: SMSProvider {
    public var preferredBatchSize: Int { 1 }

    private let route: String
    private let sendsmsURL: String
    private let credentials: KannelCredentials
    private let sender: String?
    private let smsc: String?
    private let dlrBase: String
    private let timeout: Duration
    private let client: GatewayHTTPClient
    private let logger: Logger

    /// A provider for `route` (`url`, `dlrURL`, `sender`, `smsc`, `timeout`, `maxInFlight` are read) with its own
    /// pool of `maxInFlight` connections on `eventLoopGroup`.
    package init(
        route: ProviderSettings,
        credentials: KannelCredentials,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger
    ) throws(ProviderError) {
        guard let url = route.url else { throw .missingKey("url", route: route.name) }
        guard let dlrURL = route.dlrURL else { throw .missingKey("dlrUrl", route: route.name) }
        self.route = route.name
        self.sendsmsURL = url.absoluteString
        self.credentials = credentials
        self.sender = route.sender
        self.smsc = route.smsc
        var base = dlrURL.absoluteString
        while base.hasSuffix("/") {
            base.removeLast()
        }
        self.dlrBase = base
        self.timeout = route.timeout
        self.client = GatewayHTTPClient(
            eventLoopGroup: eventLoopGroup,
            connections: route.maxInFlight,
            timeout: route.timeout
        )
        var logger = logger
        logger[metadataKey: "provider.name"] = "\(route.name)"
        logger[metadataKey: "provider.kind"] = "kannel"
        self.logger = logger
    }

    public func submit(_ messages: [OutgoingMessage]) async -> [SubmitOutcome] {
        var outcomes: [SubmitOutcome] = []
        outcomes.reserveCapacity(messages.count)
        for message in messages {
            outcomes.append(await self.submit(message))
        }
        return outcomes
    }

    public func shutdown() async {
        await self.client.shutdown()
    }

    public func reconnect() async {
        await self.client.reconnect()
    }

    /// The sendsms URL for `message`, password included: never log it.
    func requestURL(for message: OutgoingMessage, now: Date = Date()) -> String {
        var items: [(String, String)] = [
            ("username", self.credentials.username),
            ("password", self.credentials.password),
            ("to", message.destination),
            ("text", message.text),
            ("charset", "UTF-8"),
        ]
        if message.encoding == .ucs2 {
            items.append(("coding", "2"))
        }
        if let sender = message.sender ?? self.sender {
            items.append(("from", sender))
        }
        if let minutes = Self.validityMinutes(until: message.expiresAt, now: now) {
            items.append(("validity", String(minutes)))
        }
        if let smsc = self.smsc {
            items.append(("smsc", smsc))
        }
        items.append(("dlr-mask", "31"))
        items.append(("dlr-url", self.deliveryReportURL(for: message.id)))
        let separator = self.sendsmsURL.contains("?") ? "&" : "?"
        return self.sendsmsURL + separator + FormEncoding.query(items)
    }

    /// Kannel's `validity`: whole minutes left before `expiresAt` (rounded down, so the carrier never holds a
    /// message past it), at least 1 (0 would mean none); nil without a limit.
    static func validityMinutes(until expiresAt: Date?, now: Date) -> Int? {
        guard let expiresAt else { return nil }
        let minutes = expiresAt.timeIntervalSince(now) / 60
        return max(1, Int(min(minutes, Double(Int32.max)).rounded(.down)))
    }

    /// Where Kannel reports on message `id`, with Kannel's escapes left for it to fill in.
    func deliveryReportURL(for id: Int64) -> String {
        let token = KannelTokens.deliveryReport(
            route: self.route,
            messageID: id,
            secret: self.credentials.webhookSecret
        )
        return "\(self.dlrBase)/dlr/\(FormEncoding.encode(self.route))?id=\(id)&token=\(token)&type=%d&at=%T&reply=%A"
    }

    private func submit(_ message: OutgoingMessage) async -> SubmitOutcome {
        let request = HTTPClientRequest(url: self.requestURL(for: message))
        let outcome: SubmitOutcome
        do {
            let response = try await self.client.execute(request, timeout: self.timeout)
            let body = try await response.body.collect(upTo: 16 * 1024)
            outcome = Self.outcome(status: Int(response.status.code), body: String(buffer: body))
        } catch {
            // The error never carries the request URL (password, number): only its type and description.
            let reason = "Kannel did not answer: \(String("\(error)".prefix(200)))"
            outcome = .temporary(reason: reason, pushBack: false, retryAfter: nil)
        }
        if case .accepted = outcome {
            self.logger.trace("Kannel took a message", metadata: ["remessa.message.id": "\(message.id)"])
        } else {
            self.logger.debug(
                "Kannel did not take a message",
                metadata: [
                    "remessa.message.id": "\(message.id)",
                    "remessa.message.destination": "\(PersonalDataMask.phone(message.destination))",
                    "provider.outcome": "\(outcome)",
                ]
            )
        }
        return outcome
    }

    /// Maps a sendsms answer (see the table above).
    static func outcome(status: Int, body: String) -> SubmitOutcome {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = text.lowercased()
        switch status {
        case 200..<300:
            return .accepted(providerID: nil)
        case 503:
            return .temporary(reason: "Kannel's queue is full (503 \(text))", pushBack: true, retryAfter: nil)
        case 401, 403:
            return .temporary(
                reason:
                    "Kannel refused the credentials (\(status) \(text)): check the route's username and passwordFile",
                pushBack: false,
                retryAfter: nil
            )
        case 400 where lowered.contains("sender missing"):
            return .temporary(
                reason: "Kannel needs a sender (\(text)): set the route's sender or Kannel's default-sender",
                pushBack: false,
                retryAfter: nil
            )
        case 400 where lowered.contains("receiver") || lowered.contains("number"):
            return .rejected(status: .invalidNumber, reasonCode: "KANNEL_HTTP_400", detail: text)
        case 400..<500:
            return .rejected(status: .carrierRejected, reasonCode: "KANNEL_HTTP_\(status)", detail: text)
        default:
            return .temporary(reason: "Kannel failed (\(status) \(text))", pushBack: false, retryAfter: nil)
        }
    }
}
