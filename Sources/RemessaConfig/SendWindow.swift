import Foundation

/// When a drop's messages may be sent: some days of the week, between two wall-clock times in a time zone,
/// except on holidays.
///
/// `from` is inclusive and `to` exclusive; a window never crosses midnight (`to` may be `24:00`).
public struct SendWindow: Sendable, Hashable {
    public var days: Set<Weekday>
    public var from: TimeOfDay
    public var to: TimeOfDay
    public var timeZone: TimeZone
    /// Days on which the window stays closed (the drop's `holidays` plus the file's top-level ones).
    public var holidays: Set<CalendarDate>

    public init(
        days: Set<Weekday> = Set(Weekday.allCases),
        from: TimeOfDay,
        to: TimeOfDay,
        timeZone: TimeZone,
        holidays: Set<CalendarDate> = []
    ) {
        self.days = days
        self.from = from
        self.to = to
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// Whether a message may be sent at `date`.
    public func contains(_ date: Date) -> Bool {
        contains(LocalTime(date, in: timeZone))
    }

    /// `date` itself when the window is open then, else the next time it opens (within a year).
    public func nextOpening(after date: Date) -> Date? {
        let now = LocalTime(date, in: timeZone)
        if contains(now) {
            return date
        }
        for day in now.day...(now.day + 400) where days.contains(LocalTime.weekday(ofDay: day)) {
            let opening = LocalTime(day: day, secondOfDay: from.minutes * 60).date(in: timeZone)
            // Checked again on the clock: a holiday, or a daylight-saving jump that moved the opening.
            if opening > date, contains(opening) {
                return opening
            }
        }
        return nil
    }

    private func contains(_ time: LocalTime) -> Bool {
        let minute = time.minuteOfDay
        guard days.contains(time.weekday), from.minutes <= minute, minute < to.minutes else {
            return false
        }
        if !holidays.isEmpty, let today = time.calendarDate, holidays.contains(today) {
            return false
        }
        return true
    }
}
