import Foundation
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics, recorded through methods named after what happened and served by
/// `/metrics`.
///
/// It owns its ``registry`` instead of bootstrapping the global `MetricsSystem`, so tests and several daemons
/// in one process never share counters. A new group of metrics (the dispatcher's routes) goes in a new
/// `DaemonMetrics+Concern.swift` with its names in `DaemonMetric`.
package final class DaemonMetrics: Sendable {
    /// The registry every metric is created in; ``exposition()`` renders it.
    package let registry: PrometheusCollectorRegistry

    /// The time of each drop's last successful poll, for ``ReadinessCheck/recentPoll(drop:within:metrics:now:)``.
    let lastSuccessfulPolls = Mutex<[String: Date]>([:])

    /// The content type of ``exposition()``.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// Every metric in the Prometheus text exposition format (0.0.4).
    package func exposition() -> [UInt8] {
        self.registry.emitToBuffer()
    }

    /// Creates a drop's per-drop series at zero, so dashboards show 0 rather than nothing before its first file.
    package func registerDrop(_ drop: String) {
        for metric in [DaemonMetric.filesClaimed, .filesAccepted, .pollFailures, .rowsRead] {
            _ = self.counter(metric, drop: drop)
        }
        for status in ["accepted", "rejected"] {
            _ = self.counter(.rows, drop: drop, ("status", status))
        }
        _ = self.gauge(.queueDepth, drop: drop)
        _ = self.gauge(.filesInProgress, drop: drop)
    }

    func counter(_ metric: DaemonMetric, drop: String, _ labels: (String, String)...) -> Counter {
        self.registry.makeCounter(descriptor: metric.descriptor, labels: [("drop", drop)] + labels)
    }

    func gauge(_ metric: DaemonMetric, drop: String) -> Gauge {
        self.registry.makeGauge(descriptor: metric.descriptor, labels: [("drop", drop)])
    }

    func durationHistogram(_ metric: DaemonMetric, drop: String, buckets: [Duration]) -> DurationHistogram {
        self.registry.makeDurationHistogram(descriptor: metric.descriptor, labels: [("drop", drop)], buckets: buckets)
    }
}
