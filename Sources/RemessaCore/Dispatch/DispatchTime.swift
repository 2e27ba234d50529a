import Foundation

/// The time an event happened, as the dispatcher's caller read it: a monotonic instant for the throttle,
/// backoffs and deadlines, and the wall-clock date that send windows, retry times and TTLs are stored in.
public struct DispatchTime: Sendable, Equatable {
    public var instant: ContinuousClock.Instant
    public var date: Date

    public init(instant: ContinuousClock.Instant, date: Date) {
        self.instant = instant
        self.date = date
    }

    /// Both clocks read now.
    public static var now: DispatchTime {
        DispatchTime(instant: .now, date: Date())
    }

    /// `duration` later on both clocks.
    public func advanced(by duration: Duration) -> DispatchTime {
        DispatchTime(instant: instant + duration, date: date.addingTimeInterval(duration.inSeconds))
    }
}
