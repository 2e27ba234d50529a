import Foundation

/// A batch the dispatcher is sending: not cancelled, final file not out yet.
public struct DispatchBatch: Sendable, Equatable {
    public var id: Int64
    public var drop: String
    public var route: String
    public var createdAt: Date

    public init(id: Int64, drop: String, route: String, createdAt: Date) {
        self.id = id
        self.drop = drop
        self.route = route
        self.createdAt = createdAt
    }
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
