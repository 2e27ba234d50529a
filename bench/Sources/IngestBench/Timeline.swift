import Foundation
import Logging
import Synchronization

/// The daemon's log messages with the time each was logged, counted from the start of the run.
final class Timeline: Sendable {
    struct Entry: Sendable {
        var seconds: Double
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let start = ContinuousClock.now
    private let entries = Mutex<[Entry]>([])

    func record(_ event: LogEvent, metadata: Logger.Metadata) {
        let elapsed = ContinuousClock.now - start
        let entry = Entry(
            seconds: elapsed.seconds,
            level: event.level,
            message: event.message.description,
            metadata: metadata.merging(event.metadata ?? [:]) { $1 }
        )
        entries.withLock { $0.append(entry) }
    }

    /// Seconds since the timeline was made.
    var elapsed: Double { (ContinuousClock.now - start).seconds }

    var all: [Entry] { entries.withLock { $0 } }

    /// When `message` was first logged.
    func first(_ message: String) -> Entry? {
        all.first { $0.message == message }
    }

    /// A `Logger` whose every message at `.debug` or above lands here.
    func logger() -> Logger {
        var logger = Logger(label: "remessad.bench") { _ in TimelineLogHandler(timeline: self) }
        logger.logLevel = .debug
        return logger
    }
}

struct TimelineLogHandler: LogHandler {
    let timeline: Timeline
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        timeline.record(event, metadata: metadata)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Logger.MetadataValue {
    /// A logged `Duration` ("1.25 seconds") in seconds.
    var durationSeconds: Double? {
        guard case .string(let text) = self, let number = text.split(separator: " ").first else { return nil }
        return Double(number)
    }
}
