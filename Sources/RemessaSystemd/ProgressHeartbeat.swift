import Synchronization

/// A counter the poll loop advances after each real poll tick; ``SystemdWatchdog`` pings systemd only while
/// it moves, so a wedged loop gets the daemon restarted.
public final class ProgressHeartbeat: Sendable {
    private let beats = Mutex<UInt64>(0)

    public init() {}

    /// Records one unit of real progress.
    public func beat() {
        self.beats.withLock { $0 &+= 1 }
    }

    /// How many beats there have been.
    public var count: UInt64 {
        self.beats.withLock { $0 }
    }
}
