import Logging
import RemessaCore
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Delivery reports from every route into the store: group-committed, idempotent (a repeat changes nothing),
/// order-safe (a late intermediate status never overwrites a final one), and confined to the route that received
/// them and to messages it submitted (contract §9a); refused ones are counted as `unknown` and logged.
struct DeliveryReportIntake: Sendable {
    private let committer: GroupCommit<ReportedStatus, ReportApplication>
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let refusalLog: LogThrottle
    private let settleDelays: [Duration]

    /// - Parameter settleDelays: the pauses before reports for messages not submitted yet are tried again: a
    ///   gateway may report before the dispatcher has committed the submission it answered.
    init(
        store: any Store,
        metrics: DaemonMetrics,
        logger: Logger,
        settleDelays: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400)]
    ) {
        self.committer = GroupCommit { reports in try await store.applyReports(reports) }
        self.metrics = metrics
        self.logger = logger
        self.refusalLog = LogThrottle(logger: logger)
        self.settleDelays = settleDelays
    }

    /// Records `reports` of `route`; returns once they are committed, with how many were refused because their
    /// message is not submitted yet (the caller may ask the gateway to send them again).
    @discardableResult
    func accept(_ reports: [DeliveryReport], route: String) async throws -> Int {
        var waiting = reports
        var delays = settleDelays[...]
        while true {
            let answers = try await committer.commit(waiting.map { Self.reported($0, route: route) })
            var notSubmitted: [DeliveryReport] = []
            for (report, answer) in zip(waiting, answers) {
                switch answer {
                case .applied(let lag):
                    metrics.deliveryReport(route: route, outcome: "applied", lag: report.status.isTerminal ? lag : nil)
                case .unchanged:
                    metrics.deliveryReport(route: route, outcome: "unchanged")
                case .unknown:
                    refused(report, route: route, reason: "no message of this route has this id")
                case .notSubmitted:
                    notSubmitted.append(report)
                }
            }
            guard !notSubmitted.isEmpty, let delay = delays.popFirst() else {
                for report in notSubmitted {
                    refused(report, route: route, reason: "the message is not submitted yet")
                }
                return notSubmitted.count
            }
            try await Task.sleep(for: delay)
            waiting = notSubmitted
        }
    }

    private func refused(_ report: DeliveryReport, route: String, reason: String) {
        metrics.deliveryReport(route: route, outcome: "unknown")
        refusalLog.warning(
            "Delivery report refused",
            key: route,
            metadata: [
                "remessa.route": "\(route)", "remessa.reason": "\(reason)",
                "remessa.reference": "\(report.reference)",
            ]
        )
    }

    private static func reported(_ report: DeliveryReport, route: String) -> ReportedStatus {
        switch report.reference {
        case .message(let id):
            ReportedStatus(
                route: route,
                messageID: id,
                providerID: nil,
                status: report.status,
                reasonCode: report.reasonCode,
                at: report.at
            )
        case .provider(let providerID):
            ReportedStatus(
                route: route,
                messageID: nil,
                providerID: providerID,
                status: report.status,
                reasonCode: report.reasonCode,
                at: report.at
            )
        }
    }
}
