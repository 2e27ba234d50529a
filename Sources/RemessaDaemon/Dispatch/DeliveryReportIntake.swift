import Logging
import RemessaCore
import RemessaHTTP
import RemessaProviders
import RemessaStore

/// Delivery reports from every route into the store: group-committed, idempotent (a repeat changes nothing),
/// order-safe (a late intermediate status never overwrites a final one), unknown ids counted and logged.
struct DeliveryReportIntake: Sendable {
    private let committer: GroupCommit<ReportedStatus, ReportApplication>
    private let metrics: DaemonMetrics
    private let logger: Logger

    init(store: Store, metrics: DaemonMetrics, logger: Logger) {
        self.committer = GroupCommit { reports in try await store.applyReports(reports) }
        self.metrics = metrics
        self.logger = logger
    }

    /// Records `reports` of `route`; returns once they are committed.
    func accept(_ reports: [DeliveryReport], route: String) async throws {
        let statuses = reports.map { report in
            switch report.reference {
            case .message(let id):
                ReportedStatus(
                    messageID: id,
                    providerID: nil,
                    status: report.status,
                    reasonCode: report.reasonCode,
                    at: report.at
                )
            case .provider(let providerID):
                ReportedStatus(
                    messageID: nil,
                    providerID: providerID,
                    status: report.status,
                    reasonCode: report.reasonCode,
                    at: report.at
                )
            }
        }
        let answers = try await committer.commit(statuses)
        for (report, answer) in zip(reports, answers) {
            switch answer {
            case .applied(let lag):
                metrics.deliveryReport(route: route, outcome: "applied", lag: report.status.isTerminal ? lag : nil)
            case .unchanged:
                metrics.deliveryReport(route: route, outcome: "unchanged")
            case .unknown:
                metrics.deliveryReport(route: route, outcome: "unknown")
                logger.warning(
                    "Delivery report for an unknown message",
                    metadata: ["remessa.route": "\(route)", "remessa.reference": "\(report.reference)"]
                )
            }
        }
    }
}
