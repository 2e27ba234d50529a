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

    /// Poll durations: a local listing takes milliseconds, an SFTP poll with a claim up to tens of seconds.
    static let pollDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60),
    ]
}
