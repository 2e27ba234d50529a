/// One sd_notify(3) message: a few `NAME=value` lines sent together in one datagram.
///
/// ```swift
/// try notifier.send(.ready, .status("watching 3 drops"))
/// ```
package struct SystemdNotification: Sendable, Hashable, CustomStringConvertible {
    /// The `NAME=value` lines, in order.
    package let assignments: [String]

    private init(_ assignments: String...) {
        self.assignments = assignments
    }

    /// `READY=1`: start-up is finished (ends the `activating` state of a `Type=notify` unit).
    package static let ready = SystemdNotification("READY=1")

    /// `STOPPING=1`: the daemon is shutting down.
    package static let stopping = SystemdNotification("STOPPING=1")

    /// `WATCHDOG=1`: the daemon is alive (see ``SystemdWatchdog``).
    package static let watchdog = SystemdNotification("WATCHDOG=1")

    /// `RELOADING=1` with `MONOTONIC_USEC=` read now from `CLOCK_MONOTONIC`.
    ///
    /// systemd 253+ needs the timestamp for `Type=notify-reload`; older versions ignore it. Send ``ready`` when
    /// the reload is done.
    package static var reloading: SystemdNotification {
        SystemdNotification("RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.microseconds())")
    }

    /// `STATUS=text`: a one-line status shown by `systemctl status`.
    ///
    /// Line breaks become spaces: each line of a datagram is a separate assignment.
    package static func status(_ text: String) -> SystemdNotification {
        let line = String(text.map { $0.isNewline ? " " : $0 })
        return SystemdNotification("STATUS=\(line)")
    }

    /// `MAINPID=pid`: the daemon's main process, when it is not the process that systemd started.
    package static func mainPID(_ pid: Int32) -> SystemdNotification {
        SystemdNotification("MAINPID=\(pid)")
    }

    /// `EXTEND_TIMEOUT_USEC=`: ask for more time for the current start, reload or stop.
    package static func extendTimeout(by duration: Duration) -> SystemdNotification {
        SystemdNotification("EXTEND_TIMEOUT_USEC=\(duration.wholeMicroseconds)")
    }

    package var description: String {
        self.assignments.joined(separator: " ")
    }
}
