import Foundation

/// The time an event happened, as the dispatcher's caller read it: a monotonic instant for the throttle,
/// backoffs and deadlines, and the wall-clock date that send windows, retry times and TTLs are stored in.
public struct ClockReading: Sendable, Equatable {
    public var instant: ContinuousClock.Instant
    public var date: Date

    public init(instant: ContinuousClock.Instant, date: Date) {
        self.instant = instant
        self.date = date
    }

    /// Both clocks read now.
    public static var now: ClockReading {
        ClockReading(instant: .now, date: Date())
    }

    /// `duration` later on both clocks.
    public func advanced(by duration: Duration) -> ClockReading {
        ClockReading(instant: instant + duration, date: date.addingTimeInterval(duration.inSeconds))
    }
}
