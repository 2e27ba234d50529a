import Synchronization

/// Live counts for systemd's `STATUS=` line.
final class DaemonStatus: Sendable {
    private struct Counts {
        var drops: [String: Bool] = [:]
        var claimed = 0
    }

    private let counts = Mutex(Counts())

    func record(drop: String, claimed: Int?) {
        counts.withLock { counts in
            counts.drops[drop] = claimed != nil
            counts.claimed += claimed ?? 0
        }
    }

    var summary: String {
        counts.withLock { counts in
            let failing = counts.drops.values.filter { !$0 }.count
            var text = "\(counts.drops.count) drops polling"
            if failing > 0 { text += " (\(failing) failing)" }
            return text + "; \(counts.claimed) files claimed since start"
        }
    }
}
