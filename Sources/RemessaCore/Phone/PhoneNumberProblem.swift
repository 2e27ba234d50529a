/// Why a phone number cannot be sent to. Each case has a stable ``detailCode`` and a sentence for people.
///
/// An `Error`, so it can be the failure of a `Result`. The row reason is `MISSING_DESTINATION` for ``empty`` and `INVALID_NUMBER` for everything else; the detail code
/// says which rule failed.
public enum PhoneNumberProblem: Error, Sendable, Hashable {
    /// Nothing but spaces and separators.
    case empty
    /// Excel wrote the number as `5,51199E+12`: the digits past the sixth are lost.
    case excelScientificNotation
    /// A character that has no place in a phone number; the character itself when it is printable.
    case invalidCharacters(String?)
    /// Fewer digits than any number can have. `digitCount` counts every digit as written, prefixes included.
    case tooShort(digitCount: Int)
    /// More digits than any number can have. `digitCount` counts every digit as written, prefixes included.
    case tooLong(digitCount: Int)
    /// `auto` mode cannot tell national from international: 12–15 digits that do not start with the default country.
    case ambiguousLength(digitCount: Int)
    /// `present` mode, but the number is written nationally (with the trunk prefix `0`).
    case missingCountryCode
    /// A Brazilian number of only 8 or 9 digits: the subscriber without the DDD.
    case missingAreaCode
    /// The two digits after 55 (or after the trunk prefix) are not one of the 67 DDDs in use.
    case unknownDDD(Int)
    /// An 8-digit Brazilian fixed line (starting with 2–5), which cannot receive SMS.
    case landline
    /// An 8-digit Brazilian mobile (starting with 6–9) written without the ninth digit added in 2012–2016.
    case missingNinthDigit
    /// A Brazilian subscriber number that is neither a mobile (9 digits starting with 9) nor a fixed line.
    case notMobile
    /// The number does not start with an assigned country calling code.
    case unknownCountryCode
    /// The number's country calling code is not in the policy's `allowedCountries`.
    case countryNotAllowed(Int)

    /// A stable UPPER_SNAKE name of the rule that failed, for result files (`LANDLINE`, `UNKNOWN_DDD`, …).
    public var detailCode: String {
        switch self {
        case .empty: "EMPTY"
        case .excelScientificNotation: "EXCEL_SCIENTIFIC_NOTATION"
        case .invalidCharacters: "INVALID_CHARACTERS"
        case .tooShort: "TOO_SHORT"
        case .tooLong: "TOO_LONG"
        case .ambiguousLength: "AMBIGUOUS_LENGTH"
        case .missingCountryCode: "MISSING_COUNTRY_CODE"
        case .missingAreaCode: "MISSING_DDD"
        case .unknownDDD: "UNKNOWN_DDD"
        case .landline: "LANDLINE"
        case .missingNinthDigit: "MISSING_NINTH_DIGIT"
        case .notMobile: "NOT_MOBILE"
        case .unknownCountryCode: "UNKNOWN_COUNTRY_CODE"
        case .countryNotAllowed: "COUNTRY_NOT_ALLOWED"
        }
    }
}
