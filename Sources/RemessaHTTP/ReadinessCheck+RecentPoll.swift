import Foundation
import RemessaMetrics

extension ReadinessCheck {
    /// `drop.<name>`: passes while the drop's last successful poll, as recorded by
    /// ``DaemonMetrics/pollFinished(drop:duration:succeeded:finishedAt:)``, is at most `maxAge` old.
    ///
    /// Fails with `no successful poll yet` until the first one, then with `last successful poll 3 min ago`.
    /// Pick `maxAge` well above the drop's poll interval (three intervals plus a slow poll).
    package static func recentPoll(
        drop: String,
        within maxAge: Duration,
        metrics: DaemonMetrics,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> ReadinessCheck {
        ReadinessCheck("drop.\(drop)") {
            guard let last = metrics.lastSuccessfulPoll(drop: drop) else { return .failing("no successful poll yet") }
            let age = now().timeIntervalSince(last)
            let limit = Double(maxAge.components.seconds) + Double(maxAge.components.attoseconds) / 1e18
            return age <= limit ? .ok : .failing("last successful poll \(Self.describeAge(age)) ago")
        }
    }

    /// `45 s`, `3 min`, `5 h`, `2 d`: rounded down, as a person says it.
    static func describeAge(_ seconds: Double) -> String {
        let whole = Int(max(seconds, 0))
        switch whole {
        case ..<120: return "\(whole) s"
        case ..<(120 * 60): return "\(whole / 60) min"
        case ..<(48 * 3600): return "\(whole / 3600) h"
        default: return "\(whole / 86400) d"
        }
    }
}
