/// An ISO 8601 date and time that says its offset from UTC (`2026-12-24T09:00:00-03:00`, or `Z`), as a campaign's
/// `sendAt` and `sendUntil` must (contract §10): a time without one would mean a different instant on every host.
public struct OffsetDateTime: Sendable, Hashable {
    /// The instant, in seconds since 1970 (UTC).
    public var secondsSince1970: Double
    /// The text as the client wrote it, for sentences.
    public var text: String

    public init(secondsSince1970: Double, text: String) {
        self.secondsSince1970 = secondsSince1970
        self.text = text
    }

    /// Why a text is not such a date.
    public enum Problem: Error, Sendable, Equatable {
        /// Not `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by an offset, or not a real day or time.
        case malformed
        /// A well-formed date and time without `Z` or `±HH:MM`.
        case missingOffset
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)`; `T` may also be a space.
    public static func parse(_ text: String) -> Result<OffsetDateTime, Problem> {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + width)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("T") || expect(" ") || expect("t"), let hour = number(2), expect(":"), let minute = number(2)
        else { return .failure(.malformed) }
        var second = 0.0
        if expect(":") {
            guard let whole = number(2) else { return .failure(.malformed) }
            second = Double(whole)
            if expect(".") || expect(",") {
                var scale = 0.1
                let start = index
                while let digit = number(1) {
                    second += Double(digit) * scale
                    scale /= 10
                }
                guard index > start else { return .failure(.malformed) }
            }
        }
        guard (1...12).contains(month), (1...daysIn(month, of: year)).contains(day), hour < 24, minute < 60,
            second < 60
        else { return .failure(.malformed) }
        guard index < bytes.count else { return .failure(.missingOffset) }
        var offset = 0
        if expect("Z") || expect("z") {
            offset = 0
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2) else { return .failure(.malformed) }
            _ = expect(":")
            guard let minutes = number(2), hours < 24, minutes < 60 else { return .failure(.malformed) }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return .failure(.malformed)
        }
        guard index == bytes.count else { return .failure(.malformed) }
        let days = daysSince1970(year: year, month: month, day: day)
        let local = Double(days * 86400 + hour * 3600 + minute * 60) + second
        return .success(OffsetDateTime(secondsSince1970: local - Double(offset), text: text))
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil algorithm (the inverse of ``Timestamp``'s).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
