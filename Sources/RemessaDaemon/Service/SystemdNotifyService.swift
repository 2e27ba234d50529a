import Logging
import RemessaSystemd
import ServiceLifecycle

/// Tells systemd how the daemon is doing: `READY=1` once every service started, `STATUS=` with live counts,
/// `WATCHDOG=1` while the poll loops make progress, `STOPPING=1` when the shutdown begins.
struct SystemdNotifyService: Service {
    let notifier: SystemdNotifier
    let heartbeat: ProgressHeartbeat
    let status: DaemonStatus
    let logger: Logger

    func run() async throws {
        send(.ready, .status(status.summary))
        // The group runs until the shutdown begins; this service is the last in the group, so it stops first.
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let interval = notifier.watchdogInterval {
                    group.addTask {
                        // Beats come after every poll; a drop polls at least every few minutes.
                        let watchdog = SystemdWatchdog(
                            notifier: notifier,
                            interval: interval,
                            stallTimeout: .seconds(600)
                        )
                        try? await watchdog.run(heartbeat: heartbeat, clock: ContinuousClock()) { error in
                            logger.warning("systemd watchdog ping failed", metadata: ["systemd.error": "\(error)"])
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        send(.status(status.summary))
                        try? await Task.sleep(for: .seconds(5))
                    }
                }
            }
        }
        send(.stopping, .status("stopping: finishing the current step of each drop"))
    }

    private func send(_ notifications: SystemdNotification...) {
        do {
            try notifier.send(notifications)
        } catch {
            logger.warning("systemd notification failed", metadata: ["systemd.error": "\(error)"])
        }
    }
}
