import Foundation
import HTTPTypes
import Hummingbird
import RemessaCore
import Synchronization

@testable import RemessaProviders

/// A listener for Kannel's callbacks, as the daemon's would be: `/dlr/<route>` and `/mo/<route>` read with
/// ``KannelWebhooks``, 401 for a refused token.
final class CallbackRecorder: Sendable {
    private struct State {
        var finalStatuses: [Int64: MessageStatus] = [:]
        var callbacks = 0
        var submitted = 0
        var refused = 0
        var mobileOriginated: [MobileOriginated] = []
    }

    let webhooks: KannelWebhooks
    private let state = Mutex(State())

    init(route: String, secret: String = "hook-secret") {
        self.webhooks = KannelWebhooks(route: route, secret: secret)
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/dlr/:route") { request, _ -> Response in
            let webhook = try await WebhookRequest.from(request)
            do {
                let reports = try self.webhooks.deliveryReports(from: webhook)
                self.state.withLock { state in
                    state.callbacks += 1
                    for report in reports {
                        guard case .message(let id) = report.reference else { continue }
                        if report.status == .submitted {
                            state.submitted += 1
                        } else {
                            state.finalStatuses[id] = report.status
                        }
                    }
                }
                return .text(.ok, "ok")
            } catch {
                self.state.withLock { $0.refused += 1 }
                return .text(.unauthorized, "\(error)")
            }
        }
        router.get("/mo/:route") { request, _ -> Response in
            let webhook = try await WebhookRequest.from(request)
            do {
                let mo = try self.webhooks.mobileOriginated(from: webhook)
                self.state.withLock { $0.mobileOriginated.append(mo) }
                return .text(.ok, "")
            } catch {
                return .text(.unauthorized, "\(error)")
            }
        }
        return router
    }

    var callbackCount: Int { self.state.withLock { $0.callbacks } }
    var refusedCount: Int { self.state.withLock { $0.refused } }
    var sawSubmitted: Bool { self.state.withLock { $0.submitted > 0 } }
    var finalStatuses: [Int64: MessageStatus] { self.state.withLock { $0.finalStatuses } }

    /// Waits until `count` messages have a DELIVERED report (or the timeout); answers how many have.
    func waitForDelivered(_ count: Int, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            let delivered = self.state.withLock { $0.finalStatuses.values.filter { $0 == .delivered }.count }
            if delivered >= count || ContinuousClock.now >= deadline {
                return delivered
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func waitForMobileOriginated(timeout: Duration = .seconds(10)) async throws -> MobileOriginated {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let mo = self.state.withLock({ $0.mobileOriginated.first }) {
                return mo
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CallbackTimeout()
    }
}

struct CallbackTimeout: Error {}
