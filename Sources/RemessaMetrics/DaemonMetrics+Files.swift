import Prometheus

extension DaemonMetrics {
    /// A file was claimed from `drop`'s inbox.
    package func fileClaimed(drop: String) {
        self.counter(.filesClaimed, drop: drop).increment()
    }

    /// A claimed file was accepted: `rows` data rows read, of which `accepted` will be sent and `rejected` not.
    package func fileAccepted(drop: String, rows: Int, accepted: Int, rejected: Int) {
        self.counter(.filesAccepted, drop: drop).increment()
        self.counter(.rowsRead, drop: drop).increment(by: Int64(rows))
        self.counter(.rows, drop: drop, ("status", "accepted")).increment(by: Int64(accepted))
        self.counter(.rows, drop: drop, ("status", "rejected")).increment(by: Int64(rejected))
    }

    /// A claimed file was rejected as a whole with a file error `code` (`BINARY_FILE`, `NO_VALID_ROWS`, …).
    package func fileRejected(drop: String, code: String) {
        self.counter(.filesRejected, drop: drop, ("code", code)).increment()
    }

    /// How many of `drop`'s files are claimed and not yet finished.
    package func setFilesInProgress(drop: String, _ count: Int) {
        self.gauge(.filesInProgress, drop: drop).set(Int64(count))
    }

    /// How many of `drop`'s messages wait to be sent.
    package func setQueueDepth(drop: String, _ count: Int) {
        self.gauge(.queueDepth, drop: drop).set(Int64(count))
    }
}
