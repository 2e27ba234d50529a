import Foundation
import RemessaCore

/// One SMS gateway: submits messages and maps its answers to the contract's statuses (section 5).
///
/// Throttling, retries and persistence belong to the dispatcher; a provider only speaks its gateway's protocol.
public protocol SMSProvider: Sendable {
    /// How many messages one `submit` call should carry (1 unless the gateway takes batches).
    var preferredBatchSize: Int { get }

    /// Submits `messages` and answers one outcome per message, in the same order. Never throws: a transport
    /// failure is a `.temporary` outcome.
    func submit(_ messages: [OutgoingMessage]) async -> [SubmitOutcome]

    /// The gateway's own background work (the simulator's delivery reports): run in the dispatcher's task group
    /// while the routes run, and cancelled once they have stopped.
    func run() async

    /// Releases connections and timers; called once when the route stops.
    func shutdown() async

    /// Messages this gateway took before Remessa restarted and has not reported on yet. A real gateway still
    /// holds them and will call back; an in-process one (the simulator) lost them with the process and takes
    /// them up again here. Called once, when the route starts.
    func resume(_ submitted: [OutgoingMessage]) async

    /// Drops the gateway's connections and any reconnect backoff, so the next `submit` connects afresh. Called
    /// before the probe of an open circuit: after an outage the gateway is tried at once, not when a client
    /// library's backoff runs out.
    func reconnect() async
}

extension SMSProvider {
    /// A gateway outside the process does its work there.
    public func run() async {}

    /// A gateway outside the process keeps its own state: nothing to resume.
    public func resume(_ submitted: [OutgoingMessage]) async {}

    /// Nothing to connect to.
    public func reconnect() async {}
}

/// A message as a gateway receives it.
public struct OutgoingMessage: Sendable, Equatable {
    /// Remessa's message id: the idempotency key and the reference delivery reports come back with.
    public var id: Int64
    /// E.164 digits, no `+`.
    public var destination: String
    public var text: String
    public var encoding: SMSEncoding
    public var segments: Int
    public var correlationID: String?
    public var drop: String
    public var batchID: Int64
    /// The batch's own sender (a campaign's, §10); nil: the route's.
    public var sender: String?
    /// When the message stops being worth delivering (time to live or `sendUntil`): the carrier's validity
    /// (§11); nil: no limit.
    public var expiresAt: Date?

    public init(
        id: Int64,
        destination: String,
        text: String,
        encoding: SMSEncoding,
        segments: Int,
        correlationID: String? = nil,
        drop: String,
        batchID: Int64,
        sender: String? = nil,
        expiresAt: Date? = nil
    ) {
        self.id = id
        self.destination = destination
        self.text = text
        self.encoding = encoding
        self.segments = segments
        self.correlationID = correlationID
        self.drop = drop
        self.batchID = batchID
        self.sender = sender
        self.expiresAt = expiresAt
    }
}

/// A status change a gateway reported for a message it took.
public struct DeliveryReport: Sendable, Equatable {
    /// How the report names its message.
    public enum Reference: Sendable, Hashable {
        /// Remessa's message id (carried through the gateway, e.g. in Kannel's `dlr-url`).
        case message(Int64)
        /// The gateway's own id, as `SubmitOutcome.accepted` returned it.
        case provider(String)
    }

    public var reference: Reference
    /// `SUBMITTED` for intermediate reports (accepted by the SMSC), else a terminal status.
    public var status: MessageStatus
    /// The gateway's code, kept in the reason column (e.g. `KANNEL_2`, `DLR_ERR_011`).
    public var reasonCode: String?
    public var at: Date

    public init(reference: Reference, status: MessageStatus, reasonCode: String? = nil, at: Date) {
        self.reference = reference
        self.status = status
        self.reasonCode = reasonCode
        self.at = at
    }
}

/// Where a provider that produces its own reports (the simulator) hands them over.
public typealias DeliveryReportSink = @Sendable ([DeliveryReport]) async -> Void

/// A message a phone sent back (MO), for opt-out.
public struct MobileOriginated: Sendable, Equatable {
    /// The sender as the gateway wrote it, trimmed (`+55 11 98765-4321`, `11987654321`): the daemon reads it with
    /// the contract's phone rules (§3) before it goes on the opt-out list.
    public var from: String
    public var text: String
    public var at: Date

    public init(from: String, text: String, at: Date) {
        self.from = from
        self.text = text
        self.at = at
    }

    /// `raw` trimmed, if it can be a phone number: a digit, and at most 32 characters (a number written with
    /// spaces, dashes, a `+`). Nil for anything else.
    static func sender(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= 32, trimmed.utf8.contains(where: { $0 &- UInt8(ascii: "0") < 10 }) else {
            return nil
        }
        return trimmed
    }
}

/// Why a webhook request was refused.
public enum WebhookError: Error, Sendable, Equatable {
    /// Missing or wrong secret/signature: answered 401.
    case unauthorized(String)
    /// Not a request this provider sends: answered 400.
    case malformed(String)
}

/// The webhooks a gateway calls back on: delivery reports at `/dlr/<route>`, MOs at `/mo/<route>`.
public protocol ProviderWebhooks: Sendable {
    func deliveryReports(from request: WebhookRequest) throws(WebhookError) -> [DeliveryReport]
    func mobileOriginated(from request: WebhookRequest) throws(WebhookError) -> MobileOriginated
}
