import Prometheus

extension DaemonMetrics {
    /// Creates a route's series at zero, so dashboards show 0 rather than nothing before its first message.
    package func registerRoute(_ route: String) {
        for metric in [DaemonMetric.submitted, .submitRetried, .pushBacks, .commitFailures] {
            _ = self.routeCounter(metric, route: route)
        }
        for metric in [DaemonMetric.inFlight, .tokens, .currentRate, .circuitOpen, .uncommitted] {
            _ = self.routeGauge(metric, route: route)
        }
    }

    /// `count` messages of `route` were taken by its gateway after `latency`.
    package func messagesSubmitted(route: String, count: Int, latency: Duration) {
        self.routeCounter(.submitted, route: route).increment(by: Int64(count))
        self.registry.makeDurationHistogram(
            descriptor: DaemonMetric.submitLatency.descriptor,
            labels: [("route", route)],
            buckets: DaemonMetric.submitLatencyBuckets
        ).record(latency)
    }

    /// A message of `route` ended with `status` without being taken (refused, retries exhausted, opted out).
    package func messageFailed(route: String, status: String) {
        self.routeCounter(.submitFailed, route: route, ("status", status)).increment()
    }

    /// A temporary failure of `route` that will be retried.
    package func messageRetried(route: String) {
        self.routeCounter(.submitRetried, route: route).increment()
    }

    /// `route`'s gateway asked it to slow down.
    package func routePushedBack(route: String) {
        self.routeCounter(.pushBacks, route: route).increment()
    }

    /// A commit of `route`'s outcomes failed (the store is full or failing); they are held and retried.
    package func routeCommitFailed(route: String) {
        self.routeCounter(.commitFailures, route: route).increment()
    }

    /// The state of `route`'s throttle: messages in flight, tokens in the bucket, the current rate, the circuit.
    package func setRouteState(
        route: String,
        inFlight: Int,
        tokens: Double,
        rate: Double,
        circuitOpen: Bool,
        uncommitted: Int = 0
    ) {
        self.routeGauge(.inFlight, route: route).set(Int64(inFlight))
        self.routeGauge(.uncommitted, route: route).set(Int64(uncommitted))
        self.routeGauge(.tokens, route: route).set(tokens)
        self.routeGauge(.currentRate, route: route).set(rate)
        self.routeGauge(.circuitOpen, route: route).set(Int64(circuitOpen ? 1 : 0))
    }

    /// A delivery report reached `route`'s webhook (or its simulator): `outcome` is `applied`, `unchanged`,
    /// `unknown` or `refused`; `lag` is the time since the message's submission when known.
    package func deliveryReport(route: String, outcome: String, lag: Duration? = nil) {
        self.routeCounter(.deliveryReports, route: route, ("outcome", outcome)).increment()
        if let lag {
            self.registry.makeDurationHistogram(
                descriptor: DaemonMetric.deliveryLag.descriptor,
                labels: [("route", route)],
                buckets: DaemonMetric.deliveryLagBuckets
            ).record(lag)
        }
    }

    func routeCounter(_ metric: DaemonMetric, route: String, _ labels: (String, String)...) -> Counter {
        self.registry.makeCounter(descriptor: metric.descriptor, labels: [("route", route)] + labels)
    }

    func routeGauge(_ metric: DaemonMetric, route: String) -> Gauge {
        self.registry.makeGauge(descriptor: metric.descriptor, labels: [("route", route)])
    }
}
