#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells systemd about the daemon's state through `$NOTIFY_SOCKET` (sd_notify(3)), without libsystemd.
///
/// ```swift
/// if let notifier = try SystemdNotifier(environment: ProcessInfo.processInfo.environment) {
///     try notifier.send(.ready, .status("watching 3 drops"))
/// }
/// ```
///
/// Sending never blocks: when systemd is not reading, ``send(_:)`` throws instead of waiting.
package struct SystemdNotifier: Sendable {
    /// How often systemd expects `WATCHDOG=1` (`WatchdogSec=`), when the watchdog is on for this process.
    package let watchdogInterval: Duration?

    private let address: NotifySocketAddress

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    ///
    /// Returns nil when `NOTIFY_SOCKET` is unset or empty (not started by systemd, or not `Type=notify`).
    /// The watchdog applies only when `WATCHDOG_PID` is unset or is `processID`, so a child that inherited the
    /// environment does not ping for its parent.
    ///
    /// - Throws: ``SystemdNotifierError/Code/unsupportedAddress`` when `NOTIFY_SOCKET` is set but unusable.
    package init?(
        environment: [String: String],
        processID: Int32 = getpid()
    ) throws(SystemdNotifierError) {
        guard let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty else { return nil }
        guard let address = NotifySocketAddress(socket) else {
            throw SystemdNotifierError(.unsupportedAddress, socket: socket)
        }
        self.address = address
        self.watchdogInterval = Self.watchdogInterval(environment: environment, processID: processID)
    }

    /// Sends `notifications` together in one datagram.
    package func send(_ notifications: SystemdNotification...) throws(SystemdNotifierError) {
        try self.send(notifications)
    }

    /// Sends `notifications` together in one datagram.
    package func send(_ notifications: [SystemdNotification]) throws(SystemdNotifierError) {
        let text = notifications.flatMap(\.assignments).joined(separator: "\n")
        try DatagramSender.send(Array(text.utf8), to: self.address)
    }

    private static func watchdogInterval(environment: [String: String], processID: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let pidText = environment["WATCHDOG_PID"], !pidText.isEmpty {
            guard Int32(pidText) == processID else { return nil }
        }
        return .microseconds(Int64(clamping: microseconds))
    }
}
