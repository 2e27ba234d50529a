import RemessaTesting
import BenchSupport
import Foundation

/// Target 3: two throttled simulator routes (burst 1 unless told) sending side by side for about 30 s; the rate each kept.
struct ThrottleScenario {
    let context: BenchContext
    /// Each route's rate; each is fed `rate × seconds` messages.
    let rates: [Int]
    let seconds: Int
    /// The routes' burst: 1 in the issue's figure; more shows what the bucket's cap costs.
    let burst: Int

    struct RouteResult {
        var configured: Int
        var rate: SubmissionRate
        var errorPercent: Double { (rate.perSecond - Double(configured)) / Double(configured) * 100 }
    }

    func run() throws -> (routes: [RouteResult], wall: Double) {
        let root = try context.directory("throttle")
        let configuration = DaemonConfiguration(
            root: root,
            listenPort: try FreePort.find(),
            routes: rates.map { rate in
                (
                    "r\(rate)",
                    """
                        provider: simulator
                        rate: \(rate)
                        burst: \(burst)
                        maxInFlight: 64
                        simulator: {delivered: 1, submitLatency: 2ms, dlrDelay: 100ms, seed: 1}

                    """
                )
            },
            drops: rates.map { DaemonConfiguration.Drop(name: "t\($0)", route: "r\($0)", rows: $0 * seconds) }
        )
        try configuration.write()
        let daemon = try context.runUntilIdle(configuration, timeout: Double(seconds) * 4 + 120)
        let store = StoreReader(state: configuration.state)
        var results: [RouteResult] = []
        for rate in rates {
            let times = try store.submittedTimes(route: "r\(rate)")
            guard times.count == rate * seconds else {
                throw BenchFailure("route r\(rate): \(times.count) messages with a submitted_at, not \(rate * seconds)")
            }
            results.append(RouteResult(configured: rate, rate: SubmissionRate(times: times)))
        }
        return (results, daemon.seconds ?? 0)
    }
}

extension ThrottleScenario.RouteResult {
    var windows: String {
        guard let windows = rate.oneSecondWindows else { return "-" }
        let worst = max(abs(windows.fewest - configured), abs(windows.most - configured))
        return
            "\(windows.fewest)–\(windows.most) (worst \(String(format: "%.1f", Double(worst) / Double(configured) * 100)) % off)"
    }

    func print() {
        Swift.print(
            String(
                format:
                    "   rate %d: %@ messages over %.2f s = %.2f/s, error %+.2f %%; messages per 1 s window: %@",
                configured,
                grouped(Double(rate.count)),
                rate.span,
                rate.perSecond,
                errorPercent,
                windows
            )
        )
    }
}
