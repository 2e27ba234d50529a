import Foundation

/// A batch the dispatcher is sending: not cancelled, final file not out yet.
public struct DispatchBatch: Sendable, Equatable {
    public var id: Int64
    public var drop: String
    public var route: String
    public var createdAt: Date
    /// The campaign's sender for every message; nil: the route's.
    public var sender: String?
    /// Nothing is submitted before it (a campaign's `sendAt`); nil: at once.
    public var sendAt: Date?
    /// What has not gone out by then ends `EXPIRED`, `SEND_UNTIL_PASSED`; nil: the time to live alone.
    public var sendUntil: Date?

    public init(
        id: Int64,
        drop: String,
        route: String,
        createdAt: Date,
        sender: String? = nil,
        sendAt: Date? = nil,
        sendUntil: Date? = nil
    ) {
        self.id = id
        self.drop = drop
        self.route = route
        self.createdAt = createdAt
        self.sender = sender
        self.sendAt = sendAt
        self.sendUntil = sendUntil
    }

    /// When what has not gone out ends `EXPIRED`, and why: the time to live counted from when sending may begin
    /// (`sendAt`, else the batch's creation), or `sendUntil` when that is earlier; nil when neither applies.
    public func deadline(timeToLive ttl: Duration?) -> (date: Date, reason: BatchExpiry)? {
        let start = max(createdAt, sendAt ?? createdAt)
        let lived = ttl.map { start.addingTimeInterval($0.inSeconds) }
        switch (lived, sendUntil) {
        case (let lived?, let until?): return until <= lived ? (until, .sendUntil) : (lived, .timeToLive)
        case (let lived?, nil): return (lived, .timeToLive)
        case (nil, let until?): return (until, .sendUntil)
        case (nil, nil): return nil
        }
    }
}

/// Why a batch's unsent messages ended `EXPIRED`; the raw value is the reason code.
public enum BatchExpiry: String, Sendable, Equatable {
    /// The drop's `ttl` ran out.
    case timeToLive = "TTL_EXPIRED"
    /// The campaign's `sendUntil` passed (contract §10).
    case sendUntil = "SEND_UNTIL_PASSED"
}

/// A message waiting in the queue (`QUEUED` or `SCHEDULED`), as the dispatcher needs it.
public struct QueuedMessage: Sendable, Equatable {
    public var id: Int64
    public var batchID: Int64
    public var destination: String
    public var correlationID: String?
    public var priority: Priority
    public var text: String
    public var encoding: SMSEncoding
    public var segments: Int
    /// Submissions already made (failed ones, or one in flight when the daemon died).
    public var attempts: Int
    /// Not before this time (a retry's backoff, a send window's opening); `nil` for now.
    public var notBefore: Date?

    public init(
        id: Int64,
        batchID: Int64,
        destination: String,
        correlationID: String? = nil,
        priority: Priority = .media,
        text: String,
        encoding: SMSEncoding = .gsm7,
        segments: Int = 1,
        attempts: Int = 0,
        notBefore: Date? = nil
    ) {
        self.id = id
        self.batchID = batchID
        self.destination = destination
        self.correlationID = correlationID
        self.priority = priority
        self.text = text
        self.encoding = encoding
        self.segments = segments
        self.attempts = attempts
        self.notBefore = notBefore
    }
}
