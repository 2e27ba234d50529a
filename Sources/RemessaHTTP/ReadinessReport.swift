import RemessaCore

/// The outcome of every readiness check, in the order the checks were given: the body of `/readyz`.
package struct ReadinessReport: Sendable {
    /// Each check's name and status.
    package let results: [(name: String, status: ReadinessCheck.Status)]

    /// True when every check passed (and when there are none).
    package var isReady: Bool {
        self.results.allSatisfy { $0.status == .ok }
    }

    package init(results: [(name: String, status: ReadinessCheck.Status)]) {
        self.results = results
    }

    /// Runs `checks` concurrently; one still running after `timeout` counts as failing.
    package static func evaluate(_ checks: [ReadinessCheck], timeout: Duration) async -> ReadinessReport {
        let statuses = await withTaskGroup(of: (Int, ReadinessCheck.Status).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await Self.run(check, timeout: timeout)) }
            }
            var statuses = [ReadinessCheck.Status](repeating: .ok, count: checks.count)
            for await (index, status) in group {
                statuses[index] = status
            }
            return statuses
        }
        return ReadinessReport(results: zip(checks, statuses).map { ($0.name, $1) })
    }

    /// `{"ready":false,"checks":{"store":"ok","drop.acme":"last poll 3 min ago"}}`, keys in check order.
    package var json: String {
        let checks = self.results.map { name, status in
            let text =
                switch status {
                case .ok: "ok"
                case .failing(let reason): reason
                }
            return JSONString.quoted(name) + ":" + JSONString.quoted(text)
        }
        return #"{"ready":\#(self.isReady),"checks":{\#(checks.joined(separator: ","))}}"#
    }

    private static func run(_ check: ReadinessCheck, timeout: Duration) async -> ReadinessCheck.Status {
        await withTaskGroup(of: ReadinessCheck.Status?.self) { group in
            group.addTask { await check.check() }
            group.addTask {
                // A cancelled sleep (the check finished first) returns nil and is ignored.
                guard (try? await Task.sleep(for: timeout)) != nil else { return nil }
                return .failing("no answer within \(timeout)")
            }
            // The first non-nil answer wins; the other task is cancelled.
            for await case let status? in group {
                group.cancelAll()
                return status
            }
            return .failing("cancelled")
        }
    }
}
