import Foundation

/// A drop's `sendWindow:` and `holidays:`, and the window syntax `stateWindows:` shares.
extension ConfigurationParser {
    /// The window, with `holidays` (the drop's and the file's); `nil` without a `sendWindow` key.
    mutating func parseSendWindow(_ map: ConfigMapping, holidays: Set<CalendarDate>) -> SendWindow? {
        guard let node = map["sendWindow"] else {
            return nil
        }
        return parseWindow(node, defaultTimeZone: Self.defaultTimeZone, holidays: holidays)
    }

    /// The zone of a `sendWindow` without `timezone`.
    static let defaultTimeZone = TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone.current

    /// `{days, from, to, timezone}`, closed on `holidays`.
    mutating func parseWindow(
        _ node: ConfigNode,
        defaultTimeZone: TimeZone,
        holidays: Set<CalendarDate>
    ) -> SendWindow? {
        guard let window = mapping(node) else {
            return nil
        }
        checkKeys(window, known: ConfigurationKeys.sendWindow, hints: ["timeZone": "did you mean `timezone`?"])
        let allDays = Weekday.allCases.map(\.abbreviation)
        let days = list(window["days"], of: "days") { parser, node in
            parser.choice(node, allowed: allDays, Weekday.init(parsing:))
        }
        if let daysNode = window["days"], days?.isEmpty == true {
            report(.invalid(at: daysNode.path, "must name at least one day, such as `mon`", line: daysNode.line))
        }
        let from = timeOfDay(window["from"], allowEndOfDay: false)
        requireKey("from", in: window, "the time sending starts each day, such as \"08:00\"")
        let to = timeOfDay(window["to"], allowEndOfDay: true)
        requireKey("to", in: window, "the time sending stops each day, such as \"20:00\"")
        var timeZone = defaultTimeZone
        if let zoneNode = window["timezone"], let identifier = nonEmptyString(zoneNode) {
            if let zone = TimeZone(identifier: identifier.trimmingSpaces()) {
                timeZone = zone
            } else {
                report(
                    .invalid(
                        at: zoneNode.path,
                        "unknown time zone \(zoneNode.found); use an IANA name such as \"America/Sao_Paulo\"",
                        line: zoneNode.line
                    )
                )
            }
        }
        guard let from, let to else {
            return nil
        }
        guard from < to else {
            report(
                .invalid(
                    at: window.path("to"),
                    "must be later than `from` (\(from)); a window does not cross midnight",
                    line: window["to"]?.line
                )
            )
            return nil
        }
        return SendWindow(
            days: Set(days ?? Weekday.allCases),
            from: from,
            to: to,
            timeZone: timeZone,
            holidays: holidays
        )
    }

    /// A list of `YYYY-MM-DD` dates.
    mutating func parseHolidays(_ node: ConfigNode) -> [CalendarDate] {
        let dates = list(node, of: "dates") { parser, item -> CalendarDate? in
            // An unquoted 2026-12-25 is still a plain scalar to the composer, so both spellings work.
            guard let text = parser.string(item) else {
                return nil
            }
            guard let date = CalendarDate(parsing: text.trimmingSpaces()) else {
                parser.report(
                    .expected("a date such as \"2026-12-25\"", found: item.found, at: item.path, line: item.line)
                )
                return nil
            }
            return date
        }
        return dates ?? []
    }

    private mutating func timeOfDay(_ node: ConfigNode?, allowEndOfDay: Bool) -> TimeOfDay? {
        guard let node, let text = string(node) else {
            return nil
        }
        guard let time = TimeOfDay(parsing: text.trimmingSpaces()), allowEndOfDay || time.hour < 24 else {
            report(
                .expected(
                    allowEndOfDay ? "a time HH:MM from 00:00 to 24:00" : "a time HH:MM from 00:00 to 23:59",
                    found: node.found,
                    at: node.path,
                    line: node.line
                )
            )
            return nil
        }
        return time
    }
}
