import Foundation
import Logging
import RemessaCore
import RemessaHTTP
import RemessaProviders
import RemessaStore

/// Answers the gateways' calls to `/dlr/<route>` and `/mo/<route>`: authenticates and parses them with the
/// route's provider, records delivery reports, and adds the sender of an opt-out word to the suppression list.
///
/// A 200 means the report is committed; anything else makes a gateway that retries (smsbox with
/// `http-request-retry`) try again later.
struct WebhookHandler: Sendable {
    let webhooks: [String: any ProviderWebhooks]
    let intake: DeliveryReportIntake
    let store: Store
    let metrics: DaemonMetrics
    let logger: Logger

    func handle(_ call: WebhookCall) async -> WebhookAnswer {
        guard let route = webhooks[call.route] else {
            return WebhookAnswer(status: 404, text: "no route with webhooks is called \(call.route)")
        }
        let request = WebhookRequest(
            method: call.method,
            query: call.query,
            headers: call.headers,
            body: call.body
        )
        do {
            switch call.kind {
            case .deliveryReport:
                let reports = try route.deliveryReports(from: request)
                try await intake.accept(reports, route: call.route)
            case .mobileOriginated:
                try await optOut(try route.mobileOriginated(from: request), route: call.route)
            }
            return .ok
        } catch let error as WebhookError {
            metrics.deliveryReport(route: call.route, outcome: "refused")
            switch error {
            case .unauthorized(let reason):
                logger.warning(
                    "Webhook refused",
                    metadata: ["remessa.route": "\(call.route)", "remessa.reason": "\(reason)"]
                )
                return WebhookAnswer(status: 401, text: "unauthorized")
            case .malformed(let reason):
                logger.warning(
                    "Webhook malformed",
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

    /// A reply that is an opt-out word puts its sender on the suppression list.
    private func optOut(_ message: MobileOriginated, route: String) async throws {
        guard OptOutKeyword.isOptOut(message.text) else {
            logger.info(
                "Message from a phone (not an opt-out word)",
                metadata: ["remessa.route": "\(route)", "remessa.from": "\(PersonalDataMask.phone(message.from))"]
            )
            return
        }
        let added = try await store.addSuppression(
            [message.from],
            actor: "mo:\(route)",
            reason: "replied \"\(message.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(20))\"",
            at: message.at
        )
        logger.notice(
            "Opt-out by reply",
            metadata: [
                "remessa.route": "\(route)", "remessa.from": "\(PersonalDataMask.phone(message.from))",
                "remessa.added": "\(added > 0)",
            ]
        )
    }
}
