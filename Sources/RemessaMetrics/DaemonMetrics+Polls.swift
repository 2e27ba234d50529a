import Foundation
import Prometheus
import Synchronization

extension DaemonMetrics {
    /// A poll of `drop` ended after `duration`: a failure counts in `remessa_poll_failures_total`, a success
    /// sets `remessa_last_successful_poll_timestamp_seconds` to `finishedAt`.
    package func pollFinished(drop: String, duration: Duration, succeeded: Bool, finishedAt: Date = Date()) {
        self.durationHistogram(.pollDuration, drop: drop, buckets: DaemonMetric.pollDurationBuckets).record(duration)
        if succeeded {
            self.gauge(.lastSuccessfulPoll, drop: drop).set(finishedAt.timeIntervalSince1970)
            self.lastSuccessfulPolls.withLock { $0[drop] = finishedAt }
        } else {
            self.counter(.pollFailures, drop: drop).increment()
        }
    }

    /// When `drop`'s last successful poll finished, if there was one.
    package func lastSuccessfulPoll(drop: String) -> Date? {
        self.lastSuccessfulPolls.withLock { $0[drop] }
    }
}
