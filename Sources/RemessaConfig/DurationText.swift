/// Durations as the configuration writes them: `500ms`, `10s`, `5m`, `24h`, `7d`, or sums such as `1h30m`.
enum DurationText {
    /// Why a text is not a duration.
    enum Problem: Error, Equatable {
        /// A number without a unit (`10`).
        case missingUnit
        /// A leading minus sign.
        case negative
        /// Anything else.
        case malformed
    }

    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    static func parse(_ text: String) -> Result<Duration, Problem> {
        let text = text.trimmingSpaces()
        if text.hasPrefix("-") {
            return .failure(.negative)
        }
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            return .failure(.missingUnit)
        }
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else {
            return .failure(.malformed)
        }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else {
                return .failure(.malformed)
            }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: { $0.isASCII && $0.isLetter })
            guard let unit = units.first(where: { $0.suffix == letters }) else {
                return .failure(letters.isEmpty && rest.isEmpty ? .missingUnit : .malformed)
            }
            rest = rest.dropFirst(letters.count)
            let (product, overflow) = number.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else {
                return .failure(.malformed)
            }
            total = sum
        }
        return .success(.milliseconds(total))
    }

    /// The duration as the configuration would write it, in the largest unit that holds it exactly: `5m`,
    /// `1500ms` (sub-millisecond parts are dropped).
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        guard milliseconds != 0 else {
            return "0s"
        }
        let unit = units.last { milliseconds % $0.milliseconds == 0 } ?? units[0]
        return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
