import Synchronization

/// A counter the poll loop advances after each real poll tick; ``SystemdWatchdog`` pings systemd only while
/// it moves, so a wedged loop gets the daemon restarted.
package final class ProgressHeartbeat: Sendable {
    private let beats = Mutex<UInt64>(0)

    package init() {}

    /// Records one unit of real progress.
    package func beat() {
        self.beats.withLock { $0 &+= 1 }
    }

    /// How many beats there have been.
    package var count: UInt64 {
        self.beats.withLock { $0 }
    }
}
