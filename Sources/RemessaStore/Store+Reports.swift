import Foundation
import GRDB
import RemessaCore

/// A delivery report a route's webhook (or in-process gateway) received, to resolve against the store: by
/// Remessa's id or by the gateway's.
public struct ReportedStatus: Sendable, Equatable {
    /// The route whose webhook received the report: only that route's messages may be changed by it.
    public var route: String
    public var messageID: Int64?
    public var providerID: String?
    public var status: MessageStatus
    public var reasonCode: String?
    public var at: Date

    public init(
        route: String,
        messageID: Int64?,
        providerID: String?,
        status: MessageStatus,
        reasonCode: String?,
        at: Date
    ) {
        self.route = route
        self.messageID = messageID
        self.providerID = providerID
        self.status = status
        self.reasonCode = reasonCode
        self.at = at
    }
}

/// What applying one delivery report did.
public enum ReportApplication: Sendable, Equatable {
    /// The status changed; `lag` is the time from submission to the report.
    case applied(lag: Duration?)
    /// Nothing changed: a repeat, or a late intermediate status after a final one.
    case unchanged
    /// Refused: no message of the report's route goes by that id (none at all, or another route's).
    case unknown
    /// Refused: the route's message is still `QUEUED` or `SCHEDULED`, so the gateway cannot have it yet (or its
    /// submission is not committed yet: a report that overtakes it may be sent again).
    case notSubmitted
}

extension SQLiteStore {
    /// See ``Store``.
    public func applyReports(_ reports: [ReportedStatus]) async throws -> [ReportApplication] {
        guard !reports.isEmpty else { return [] }
        return try await pool.write { db in
            let byProvider = try db.cachedStatement(
                sql: """
                    SELECT message.id FROM message JOIN batch ON batch.id = message.batch_id
                    WHERE message.provider_id = ? AND batch.route = ? ORDER BY message.id DESC LIMIT 1
                    """
            )
            let lookup = try db.cachedStatement(
                sql: """
                    SELECT message.status, batch.route FROM message JOIN batch ON batch.id = message.batch_id
                    WHERE message.id = ?
                    """
            )
            let update = try db.cachedStatement(
                sql: """
                    UPDATE message SET status = ?1, reason_code = ?2,
                    submitted_at = CASE WHEN ?1 = 'SUBMITTED' THEN coalesce(submitted_at, ?3) ELSE submitted_at END,
                    done_at = CASE WHEN ?4 THEN ?3 ELSE done_at END
                    WHERE id = ?5 AND status != ?1
                    AND (status = 'SUBMITTED' OR (status = 'UNCONFIRMED' AND ?4))
                    RETURNING batch_id, submitted_at
                    """
            )
            let event = try db.cachedStatement(
                sql: "INSERT INTO event (message_id, batch_id, status, reason_code, at) VALUES (?, ?, ?, ?, ?)"
            )
            let received = Date().storeSeconds
            var results: [ReportApplication] = []
            results.reserveCapacity(reports.count)
            for report in reports {
                let id: Int64?
                if let messageID = report.messageID {
                    id = messageID
                } else if let providerID = report.providerID {
                    id = try Int64.fetchOne(byProvider, arguments: [providerID, report.route])
                } else {
                    id = nil
                }
                guard let id, let found = try Row.fetchOne(lookup, arguments: [id]),
                    found["route"] as String == report.route
                else {
                    results.append(.unknown)
                    continue
                }
                let current = MessageStatus(rawValue: found["status"])
                if current == .queued || current == .scheduled {
                    results.append(.notSubmitted)
                    continue
                }
                let at = report.at.storeSeconds
                if let row = try Row.fetchOne(
                    update,
                    arguments: [report.status.rawValue, report.reasonCode, at, report.status.isTerminal, id]
                ) {
                    try event.execute(arguments: [id, row["batch_id"], report.status.rawValue, report.reasonCode, at])
                    let lag = (row["submitted_at"] as Double?).map { Duration.seconds(max(0, received - $0)) }
                    results.append(.applied(lag: lag))
                } else {
                    results.append(.unchanged)
                }
            }
            return results
        }
    }
}
