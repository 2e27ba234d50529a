/// Times as the outbox files show them: ISO 8601 with the offset (`2026-11-21T14:03:07-03:00`), never `Z`
/// (`+00:00`). Formatted by arithmetic: a final file formats two per message. The outbox files and the operator
/// commands share it; the caller reads the clock and the time zone (RemessaStore's `Timestamp.iso8601(_:)` takes
/// a `Date` in the host's time zone).
public enum Timestamp {
    /// `secondsSince1970` (UTC, whole seconds) as seen `utcOffset` seconds east of Greenwich.
    public static func iso8601(secondsSince1970: Int, utcOffset offset: Int) -> String {
        let local = secondsSince1970 + offset
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let seconds = local - days * 86400
        let (year, month, day) = civilDate(daysSince1970: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return text + sign + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }

    /// Howard Hinnant's days-to-civil algorithm.
    static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
