import Foundation

/// An instant as a wall clock in one zone shows it: whole days since 1970-01-01 and the second of that day.
///
/// Only the zone's offset comes from Foundation; the rest is integer arithmetic on the proleptic Gregorian
/// calendar, many times cheaper than `Calendar`, which matters when windows are checked per message.
struct LocalTime: Equatable {
    /// Days since 1970-01-01 on the zone's calendar.
    var day: Int
    /// Seconds since the zone's midnight, 0 to 86,399.
    var secondOfDay: Int

    static let secondsPerDay = 86_400

    init(day: Int, secondOfDay: Int) {
        self.day = day
        self.secondOfDay = secondOfDay
    }

    init(_ date: Date, in zone: TimeZone) {
        let utc = Int(date.timeIntervalSince1970.rounded(.down))
        let local = utc + zone.secondsFromGMT(for: date)
        day = Self.floorDivision(local, Self.secondsPerDay)
        secondOfDay = local - day * Self.secondsPerDay
    }

    /// The instant at which the zone's clock shows this local time. A time skipped by a daylight-saving jump
    /// comes out shifted by the jump, as wall clocks do.
    func date(in zone: TimeZone) -> Date {
        let local = day * Self.secondsPerDay + secondOfDay
        // The offset depends on the instant being sought: guess with the offset at the local reading, then
        // correct with the offset at the guess.
        let guess = local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
        let utc = local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess)))
        return Date(timeIntervalSince1970: Double(utc))
    }

    var minuteOfDay: Int { secondOfDay / 60 }

    /// The day of the week; 1970-01-01 was a Thursday.
    var weekday: Weekday { Self.weekday(ofDay: day) }

    static func weekday(ofDay day: Int) -> Weekday {
        // Sunday is 1, so Thursday (day 0) is 5.
        Weekday(rawValue: (day % 7 + 7 + 4) % 7 + 1) ?? .sunday
    }

    /// The calendar date of `day`; `nil` outside years 1 to 9999.
    var calendarDate: CalendarDate? {
        // Howard Hinnant's days-to-civil algorithm, on eras of 400 years starting 0000-03-01.
        let shifted = day + 719_468
        let era = Self.floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDate(year: year, month: month, day: dayOfMonth)
    }

    private static func floorDivision(_ dividend: Int, _ divisor: Int) -> Int {
        let quotient = dividend / divisor
        return dividend % divisor < 0 ? quotient - 1 : quotient
    }
}
