import Logging
import RemessaCore
import Synchronization

/// Warnings that a caller outside Remessa can trigger at will (a bad signature, a report for someone else's
/// message), logged at most once per key every `interval`; each line carries `remessa.suppressed`, the number of
/// lines left out for its key since the previous one.
final class LogThrottle: Sendable {
    private let logger: Logger
    private let throttle: Mutex<EventThrottle>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(logger: Logger, interval: Duration = .seconds(10)) {
        self.logger = logger
        self.throttle = Mutex(EventThrottle(interval: interval.inSeconds))
        self.origin = clock.now
    }

    func warning(_ message: Logger.Message, key: String, metadata: Logger.Metadata) {
        let now = (clock.now - origin).inSeconds
        guard case .emit(let suppressed) = throttle.withLock({ $0.record(key, now: now) }) else { return }
        var metadata = metadata
        metadata["remessa.suppressed"] = "\(suppressed)"
        logger.warning(message, metadata: metadata)
    }
}
