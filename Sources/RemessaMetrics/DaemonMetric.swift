import Prometheus

/// The name and help text of one of the daemon's metrics: every metric is defined here, once, so a name and
/// its help can never disagree (swift-prometheus stops the process when they do).
struct DaemonMetric: Sendable {
    let name: String
    let help: String

    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: self.name, unitName: "", helpText: self.help)
    }

    static let filesClaimed = DaemonMetric(
        name: "remessa_files_claimed_total",
        help: "Files claimed from a drop's inbox."
    )
    static let filesAccepted = DaemonMetric(
        name: "remessa_files_accepted_total",
        help: "Claimed files accepted (some rows may be rejected)."
    )
    static let filesRejected = DaemonMetric(
        name: "remessa_files_rejected_total",
        help: "Claimed files rejected as a whole, by file error code."
    )
    static let rows = DaemonMetric(
        name: "remessa_rows_total",
        help: "Data rows of accepted files, by verdict."
    )
    static let rowsRead = DaemonMetric(
        name: "remessa_rows_read_total",
        help: "Data rows read from accepted files."
    )
    static let nodeLeases = DaemonMetric(
        name: "remessa_node_leases",
        help: "Leases this node holds in its cluster, by kind (drop or route)."
    )
    static let queueDepth = DaemonMetric(
        name: "remessa_queue_depth",
        help: "Messages of a drop waiting to be sent."
    )
    static let filesInProgress = DaemonMetric(
        name: "remessa_files_in_progress",
        help: "Files of a drop claimed and not yet finished."
    )
    static let pollDuration = DaemonMetric(
        name: "remessa_poll_duration_seconds",
        help: "Time one poll of a drop took."
    )
    static let pollFailures = DaemonMetric(
        name: "remessa_poll_failures_total",
        help: "Polls of a drop that failed."
    )
    static let lastSuccessfulPoll = DaemonMetric(
        name: "remessa_last_successful_poll_timestamp_seconds",
        help: "Unix time of a drop's last successful poll."
    )

    static let submitted = DaemonMetric(
        name: "remessa_route_submitted_total",
        help: "Messages a route's gateway took."
    )
    static let submitFailed = DaemonMetric(
        name: "remessa_route_failed_total",
        help: "Messages a route ended without a gateway taking them, by status."
    )
    static let submitRetried = DaemonMetric(
        name: "remessa_route_retried_total",
        help: "Temporary submit failures of a route that will be retried."
    )
    static let pushBacks = DaemonMetric(
        name: "remessa_route_pushbacks_total",
        help: "Times a route's gateway asked it to slow down (HTTP 429, queue full)."
    )
    static let inFlight = DaemonMetric(
        name: "remessa_route_in_flight",
        help: "Messages of a route submitted and not yet committed."
    )
    static let tokens = DaemonMetric(
        name: "remessa_route_tokens",
        help: "Tokens in a route's bucket."
    )
    static let currentRate = DaemonMetric(
        name: "remessa_route_rate",
        help: "A route's current send rate in messages per second (lower than configured while backed off)."
    )
    static let circuitOpen = DaemonMetric(
        name: "remessa_route_circuit_open",
        help: "1 while a route's circuit breaker is open or half open, else 0."
    )
    static let submitLatency = DaemonMetric(
        name: "remessa_route_submit_latency_seconds",
        help: "Time a route's gateway took to answer a submit."
    )
    static let commitFailures = DaemonMetric(
        name: "remessa_route_commit_failures_total",
        help: "Failed commits of a route's outcomes (each retry counts); the route sends nothing while they fail."
    )
    static let uncommitted = DaemonMetric(
        name: "remessa_route_uncommitted_outcomes",
        help: "Outcomes of a route held in memory because their commit failed."
    )
    static let deliveryReports = DaemonMetric(
        name: "remessa_route_delivery_reports_total",
        help: "Delivery reports received by a route, by outcome (applied, unchanged, unknown, refused)."
    )
    static let deliveryLag = DaemonMetric(
        name: "remessa_route_dlr_lag_seconds",
        help: "Time from a message's submission to its delivery report."
    )

    /// Poll durations: a local listing takes milliseconds, an SFTP poll with a claim up to tens of seconds.
    static let pollDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60),
    ]

    /// Submit latencies: a loopback gateway answers in a millisecond, a remote one in tens to hundreds.
    static let submitLatencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(5), .seconds(10),
    ]

    /// Delivery-report lags: seconds for a simulator, minutes to hours for a real carrier.
    static let deliveryLagBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(4 * 3600), .seconds(24 * 3600),
    ]
}
