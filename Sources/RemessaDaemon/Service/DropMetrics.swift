import RemessaMetrics

/// The daemon's metrics as one drop records them.
struct DropMetrics: Sendable {
    let drop: String
    let metrics: DaemonMetrics

    func fileClaimed() { metrics.fileClaimed(drop: drop) }

    func fileAccepted(rows: Int, accepted: Int, rejected: Int) {
        metrics.fileAccepted(drop: drop, rows: rows, accepted: accepted, rejected: rejected)
    }

    func fileRejected(code: String) { metrics.fileRejected(drop: drop, code: code) }

    func setFilesInProgress(_ count: Int) { metrics.setFilesInProgress(drop: drop, count) }

    func setQueueDepth(_ count: Int) { metrics.setQueueDepth(drop: drop, count) }

    func pollFinished(duration: Duration, succeeded: Bool) {
        metrics.pollFinished(drop: drop, duration: duration, succeeded: succeeded)
    }
}
