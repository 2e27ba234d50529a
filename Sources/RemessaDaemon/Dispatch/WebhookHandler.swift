import Foundation
import Logging
import RemessaCore
import RemessaHTTP
import RemessaMetrics
import RemessaProviders
import RemessaStore

/// Answers the gateways' calls to `/dlr/<route>` and `/mo/<route>`: authenticates and parses them with the
/// route's provider, records delivery reports, and records replies (``reply(_:route:)``: attributed to a drop's
/// message, an opt-out word puts the sender on that drop's own list).
///
/// A 200 means the report is committed (or refused for good: another route's message); anything else makes a
/// gateway that retries (smsbox with `http-request-retry`) try again later: 409 when a report names a message the
/// route has not submitted yet. Refused calls (bad signature or token, malformed) are logged at most once per
/// route and kind every 10 s, as anyone who reaches the listener can make them.
struct WebhookHandler: Sendable {
    let webhooks: [String: any ProviderWebhooks]
    let intake: DeliveryReportIntake
    let store: any Store
    /// For each drop's `replyWindow`.
    let drops: DropList
    let metrics: DaemonMetrics
    let logger: Logger
    private let refusalLog: LogThrottle

    init(
        webhooks: [String: any ProviderWebhooks],
        intake: DeliveryReportIntake,
        store: any Store,
        drops: DropList = DropList([]),
        metrics: DaemonMetrics,
        logger: Logger,
        refusalLogInterval: Duration = .seconds(10)
    ) {
        self.webhooks = webhooks
        self.intake = intake
        self.store = store
        self.drops = drops
        self.metrics = metrics
        self.logger = logger
        self.refusalLog = LogThrottle(logger: logger, interval: refusalLogInterval)
    }

    func handle(_ call: WebhookCall) async -> WebhookAnswer {
        guard let route = webhooks[call.route] else {
            return WebhookAnswer(status: 404, text: "no route with webhooks is called \(call.route)")
        }
        do {
            switch call.kind {
            case .deliveryReport:
                let reports = try route.deliveryReports(from: call.request)
                let notSubmitted = try await intake.accept(reports, route: call.route)
                if notSubmitted > 0 {
                    return WebhookAnswer(status: 409, text: "a message is not submitted yet, try again later")
                }
            case .mobileOriginated:
                try await reply(try route.mobileOriginated(from: call.request), route: call.route)
            }
            return .ok
        } catch let error as WebhookError {
            metrics.deliveryReport(route: call.route, outcome: "refused")
            switch error {
            case .unauthorized(let reason):
                refusalLog.warning(
                    "Webhook refused",
                    key: "unauthorized:\(call.route)",
                    metadata: ["remessa.route": "\(call.route)", "remessa.reason": "\(reason)"]
                )
                return WebhookAnswer(status: 401, text: "unauthorized")
            case .malformed(let reason):
                refusalLog.warning(
                    "Webhook malformed",
                    key: "malformed:\(call.route)",
                    metadata: ["remessa.route": "\(call.route)", "remessa.reason": "\(reason)"]
                )
                return WebhookAnswer(status: 400, text: reason)
            }
        } catch {
            logger.error(
                "Webhook not recorded",
                metadata: ["remessa.route": "\(call.route)", "remessa.error": "\(error)"]
            )
            return WebhookAnswer(status: 503, text: "not recorded, try again")
        }
    }
}
