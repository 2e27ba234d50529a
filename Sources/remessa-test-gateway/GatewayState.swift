import Synchronization

/// The gateway's behaviour, counters and the ids it has accepted, shared by every request.
final class GatewayState: Sendable {
    /// What one request is answered, and after how long.
    enum Verdict: Sendable, Equatable {
        case accept
        case throttle
        case fail
        case reject
    }

    private struct Storage {
        var behaviour: GatewayBehaviour
        var statistics = GatewayStatistics()
        var accepted: Set<String> = []
    }

    private let storage: Mutex<Storage>

    init(behaviour: GatewayBehaviour) {
        storage = Mutex(Storage(behaviour: behaviour))
    }

    var behaviour: GatewayBehaviour {
        storage.withLock { $0.behaviour }
    }

    var statistics: GatewayStatistics {
        storage.withLock { $0.statistics }
    }

    /// Applies a `POST /control` change and returns the behaviour now in force.
    func change(_ change: GatewayBehaviour.Change) -> GatewayBehaviour {
        storage.withLock { storage in
            storage.behaviour = storage.behaviour.applying(change)
            return storage.behaviour
        }
    }

    /// Counts one request and decides its answer.
    func admit() -> (verdict: Verdict, latency: Duration) {
        let roll = Double.random(in: 0..<1)
        return storage.withLock { storage in
            storage.statistics.requests += 1
            let behaviour = storage.behaviour
            let verdict: Verdict
            switch behaviour.mode {
            case .throttle:
                verdict = .throttle
            case .error:
                verdict = .fail
            case .reject:
                verdict = .reject
            case .ok, .slow:
                if behaviour.throttleEvery > 0, storage.statistics.requests % behaviour.throttleEvery == 0 {
                    verdict = .throttle
                } else if roll < behaviour.errorRate {
                    verdict = .fail
                } else {
                    verdict = .accept
                }
            }
            return (verdict, behaviour.latency)
        }
    }

    /// Counts the answer to a request carrying `ids`.
    func record(_ verdict: Verdict, ids: [String]) {
        storage.withLock { storage in
            switch verdict {
            case .accept:
                for id in ids {
                    storage.statistics.messages += 1
                    if storage.accepted.insert(id).inserted {
                        storage.statistics.unique += 1
                    } else {
                        storage.statistics.duplicates += 1
                    }
                }
            case .throttle:
                storage.statistics.throttled += 1
            case .fail:
                storage.statistics.errors += 1
            case .reject:
                storage.statistics.rejected += 1
            }
        }
    }

    /// Counts delivery reports posted (`sent`) and reports in posts that failed and will be retried.
    func recordDeliveryReports(sent: Int = 0, failed: Int = 0) {
        storage.withLock { storage in
            storage.statistics.dlrsSent += sent
            storage.statistics.dlrsFailed += failed
        }
    }
}
