import Foundation
import RemessaTesting
import Synchronization

/// The test gateway's counters (`GET /stats`) sampled every `every`, each sample stamped on the bench's clock.
final class StatsSampler: Sendable {
    struct Sample: Sendable {
        var at: ContinuousClock.Instant
        var stats: TestGatewayStats
    }

    private let samples = Mutex<[Sample]>([])
    private let running = Mutex(true)

    init(gateway: TestGateway, every: Duration) {
        Task.detached { [self] in
            while self.running.withLock({ $0 }) {
                let asked = ContinuousClock.now
                if let stats = try? await gateway.stats() {
                    // Stamped halfway through the request: the counters were read somewhere in between.
                    let at = asked + asked.duration(to: .now) / 2
                    self.samples.withLock { $0.append(Sample(at: at, stats: stats)) }
                }
                try? await Task.sleep(until: asked + every, clock: .continuous)
            }
        }
    }

    func stop() {
        running.withLock { $0 = false }
    }

    var all: [Sample] { samples.withLock { $0 } }

    var latest: Sample? { samples.withLock { $0.last } }

    /// The last sample taken at or before `instant`.
    func sample(atOrBefore instant: ContinuousClock.Instant) -> Sample? {
        samples.withLock { samples in samples.last { $0.at <= instant } }
    }

    /// The first sample after `instant` that `matching` accepts.
    func first(after instant: ContinuousClock.Instant, _ matching: (TestGatewayStats) -> Bool) -> Sample? {
        samples.withLock { samples in samples.first { $0.at > instant && matching($0.stats) } }
    }

    /// Waits until a sample newer than now exists; answers it.
    func fresh() async -> Sample? {
        let now = ContinuousClock.now
        for _ in 0..<100 {
            if let sample = latest, sample.at > now { return sample }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return latest
    }
}
