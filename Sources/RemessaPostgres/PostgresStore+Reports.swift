import Foundation
import PostgresNIO
import RemessaCore
import RemessaStore

extension PostgresStore {
    /// See ``Store``. One transaction of a few statements whatever the number of reports: the gateway ids
    /// resolved, the batches' event locks, the messages locked and read, and one statement that writes what
    /// changed with its events. The reports are applied in order to the locked rows, as SQLite applies them one
    /// statement after the other, so a repeat in the same group is `unchanged` and a race with a cancel or an
    /// expiry on another node ends each message in one final status with one event for it.
    public func applyReports(_ reports: [ReportedStatus]) async throws -> [ReportApplication] {
        guard !reports.isEmpty else { return [] }
        let received = Date().storeSeconds
        return try await self.transaction { connection in
            let ids = try await self.reportedMessageIDs(reports, on: connection)
            let locked = Array(Set(ids.compactMap { $0 })).sorted()
            try await self.lockEvents(ofMessages: locked, on: connection)
            let original = try await self.lockedMessageStates(locked, on: connection)
            var states = original
            var events: [MessageRowState.Event] = []
            var results: [ReportApplication] = []
            results.reserveCapacity(reports.count)
            for (report, id) in zip(reports, ids) {
                guard let id, var state = states[id], state.route == report.route else {
                    results.append(.unknown)
                    continue
                }
                guard !state.isPending else {
                    results.append(.notSubmitted)
                    continue
                }
                guard
                    let event = state.applyReport(
                        report.status,
                        reasonCode: report.reasonCode,
                        at: report.at.storeSeconds
                    )
                else {
                    results.append(.unchanged)
                    continue
                }
                states[id] = state
                events.append(event)
                results.append(.applied(lag: state.submittedAt.map { Duration.seconds(max(0, received - $0)) }))
            }
            let changed = locked.compactMap { id in states[id].flatMap { $0 == original[id] ? nil : $0 } }
            try await self.write(changed, events: events, on: connection)
            return results
        }
    }

    /// The message each report names: its own id, or the newest message of its route with its gateway id (nil
    /// when none), the gateway ids resolved in one statement.
    private func reportedMessageIDs(
        _ reports: [ReportedStatus],
        on connection: PostgresConnection
    ) async throws -> [Int64?] {
        let byProvider = reports.indices.filter { reports[$0].messageID == nil && reports[$0].providerID != nil }
        var found: [Int: Int64] = [:]
        if !byProvider.isEmpty {
            let rows = try await self.rows(
                """
                SELECT r.n, (
                    SELECT message.id FROM message JOIN batch ON batch.id = message.batch_id
                    WHERE message.provider_id = r.provider AND batch.route = r.route ORDER BY message.id DESC LIMIT 1
                ) AS id
                FROM unnest(
                    \(byProvider.map { reports[$0].providerID ?? "" })::text[],
                    \(byProvider.map { reports[$0].route })::text[]
                ) WITH ORDINALITY AS r (provider, route, n)
                """,
                on: connection
            )
            for row in rows {
                if let id = row["id"] as Int64? {
                    found[byProvider[Int(row["n"] as Int64) - 1]] = id
                }
            }
        }
        return reports.indices.map { index in reports[index].messageID ?? found[index] }
    }
}
