/// A day of the week, numbered as Foundation's `Calendar` numbers them (Sunday is 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case sunday = 1
    case monday
    case tuesday
    case wednesday
    case thursday
    case friday
    case saturday

    /// Reads `mon` or `monday` in any case.
    public init?(parsing text: String) {
        let lowered = text.lowercased()
        guard
            let day = Self.allCases.first(where: { $0.abbreviation == lowered || "\($0)" == lowered })
        else {
            return nil
        }
        self = day
    }

    /// The three-letter name used in YAML (`mon`).
    public var abbreviation: String { String(description.prefix(3)) }

    public var description: String {
        switch self {
        case .sunday: "sunday"
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
