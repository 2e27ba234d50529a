import Foundation
import RemessaConfig
import Testing

/// `SendWindow` reads wall clocks with integer arithmetic on the zone's offset; these tests hold it to what
/// Foundation's `Calendar` says, across daylight-saving changes, half-hour zones and leap days.
@Suite("Send window arithmetic agrees with Calendar")
struct SendWindowArithmeticTests {
    /// The window's answers worked out with `Calendar`, as `SendWindow` once did.
    private struct CalendarReference {
        let window: SendWindow

        private var calendar: Calendar {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = window.timeZone
            return calendar
        }

        func contains(_ date: Date) -> Bool {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
            guard
                let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)), window.days.contains(weekday),
                let year = parts.year, let month = parts.month, let day = parts.day,
                let hour = parts.hour, let minute = parts.minute
            else {
                return false
            }
            if let today = CalendarDate(year: year, month: month, day: day), window.holidays.contains(today) {
                return false
            }
            let now = hour * 60 + minute
            return window.from.minutes <= now && now < window.to.minutes
        }

        func nextOpening(after date: Date) -> Date? {
            if contains(date) {
                return date
            }
            let startOfToday = calendar.startOfDay(for: date)
            for offset in 0...400 {
                guard
                    let day = calendar.date(byAdding: .day, value: offset, to: startOfToday),
                    let opening = calendar.date(
                        bySettingHour: window.from.hour,
                        minute: window.from.minute,
                        second: 0,
                        of: day
                    ),
                    opening > date, contains(opening)
                else {
                    continue
                }
                return opening
            }
            return nil
        }
    }

    @Test(
        "contains and nextOpening over a year, every 97 minutes",
        arguments: ["America/New_York", "Europe/Lisbon", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham"]
    )
    func sweep(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let window = SendWindow(
            days: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday],
            from: try #require(TimeOfDay(hour: 8, minute: 30)),
            to: try #require(TimeOfDay(hour: 19, minute: 45)),
            timeZone: zone,
            holidays: [
                try #require(CalendarDate(year: 2018, month: 11, day: 15)),
                try #require(CalendarDate(year: 2019, month: 2, day: 28)),
            ]
        )
        let reference = CalendarReference(window: window)
        // 2018–2019 still had daylight saving time in São Paulo (November to February).
        let start = try #require(ISO8601DateFormatter().date(from: "2018-06-01T00:00:00Z"))
        for step in 0..<(366 * 24 * 60 / 97) {
            let instant = start.addingTimeInterval(Double(step * 97 * 60 + step % 60))
            #expect(window.contains(instant) == reference.contains(instant), "\(zoneName) \(instant)")
            if step % 7 == 0 {
                #expect(window.nextOpening(after: instant) == reference.nextOpening(after: instant), "\(instant)")
            }
        }
    }

    @Test("the last minute of a leap year and the first of the next")
    func yearBoundaries() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let window = SendWindow(
            from: try #require(TimeOfDay(hour: 0, minute: 0)),
            to: try #require(TimeOfDay(hour: 24, minute: 0)),
            timeZone: utc,
            holidays: [try #require(CalendarDate(year: 2024, month: 12, day: 31))]
        )
        let formatter = ISO8601DateFormatter()
        #expect(!window.contains(try #require(formatter.date(from: "2024-12-31T23:59:59Z"))))
        #expect(window.contains(try #require(formatter.date(from: "2025-01-01T00:00:00Z"))))
        #expect(window.contains(try #require(formatter.date(from: "2024-02-29T12:00:00Z"))))
        #expect(window.contains(try #require(formatter.date(from: "1969-12-31T23:59:59Z"))))
        #expect(
            window.nextOpening(after: try #require(formatter.date(from: "2024-12-31T10:00:00Z")))
                == formatter.date(from: "2025-01-01T00:00:00Z")
        )
    }
}
