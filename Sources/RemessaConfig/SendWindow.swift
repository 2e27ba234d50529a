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
        let calendar = self.calendar
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        guard
            let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)), days.contains(weekday),
            let year = parts.year, let month = parts.month, let day = parts.day,
            let hour = parts.hour, let minute = parts.minute
        else {
            return false
        }
        if let today = CalendarDate(year: year, month: month, day: day), holidays.contains(today) {
            return false
        }
        let now = hour * 60 + minute
        return from.minutes <= now && now < to.minutes
    }

    /// `date` itself when the window is open then, else the next time it opens (within a year).
    public func nextOpening(after date: Date) -> Date? {
        if contains(date) {
            return date
        }
        let calendar = self.calendar
        let startOfToday = calendar.startOfDay(for: date)
        for offset in 0...400 {
            guard
                let day = calendar.date(byAdding: .day, value: offset, to: startOfToday),
                let opening = calendar.date(bySettingHour: from.hour, minute: from.minute, second: 0, of: day),
                opening > date, contains(opening)
            else {
                continue
            }
            return opening
        }
        return nil
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
