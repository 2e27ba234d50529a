/// Sends `WATCHDOG=1` every half interval while a ``ProgressHeartbeat`` keeps advancing.
///
/// When the heartbeat has not moved for ``stallTimeout``, the pings stop and systemd, after `WatchdogSec=`,
/// kills and restarts the daemon (`Restart=on-failure`). A process that merely stays alive is not enough.
///
/// ```swift
/// if let notifier, let interval = notifier.watchdogInterval {
///     let watchdog = SystemdWatchdog(notifier: notifier, interval: interval, stallTimeout: .seconds(120))
///     try await watchdog.run(heartbeat: heartbeat, clock: .continuous)
/// }
/// ```
package struct SystemdWatchdog: Sendable {
    /// The notifier the pings go through.
    package let notifier: SystemdNotifier
    /// systemd's `WatchdogSec=` (``SystemdNotifier/watchdogInterval``); pings go out every half of it.
    package let interval: Duration
    /// How long the heartbeat may stand still before the pings stop.
    package let stallTimeout: Duration

    /// - Parameter stallTimeout: by default `interval`. It must exceed the longest gap between two beats in a
    ///   healthy daemon (the longest poll interval plus a slow poll), or a quiet daemon gets restarted.
    package init(notifier: SystemdNotifier, interval: Duration, stallTimeout: Duration? = nil) {
        self.notifier = notifier
        self.interval = interval
        self.stallTimeout = stallTimeout ?? interval
    }

    /// Pings until cancelled, then throws `CancellationError`.
    ///
    /// The heartbeat is given one ``stallTimeout`` from the start to make its first beat. A failed send is
    /// handed to `onSendFailure` and the loop goes on: the next ping may get through.
    package func run<C: Clock<Duration>>(
        heartbeat: ProgressHeartbeat,
        clock: C,
        onSendFailure: (SystemdNotifierError) -> Void = { _ in }
    ) async throws {
        let period = self.interval / 2
        var lastCount = heartbeat.count
        var lastAdvance = clock.now
        while true {
            let now = clock.now
            let count = heartbeat.count
            if count != lastCount {
                lastCount = count
                lastAdvance = now
            }
            if lastAdvance.duration(to: now) <= self.stallTimeout {
                do {
                    try self.notifier.send(.watchdog)
                } catch {
                    onSendFailure(error)
                }
            }
            try await clock.sleep(for: period)
        }
    }
}
