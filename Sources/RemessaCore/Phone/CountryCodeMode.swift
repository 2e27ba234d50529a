/// Whether the numbers of a drop carry their country calling code (`countryCode` in a drop's configuration).
///
/// A `+` or `00` prefix always means the code is present, whatever the mode.
public enum CountryCodeMode: String, Sendable, CaseIterable, Codable {
    /// Decide by length: for Brazil, 10–11 digits are national and 12–13 digits starting with 55 are international.
    case auto
    /// Every number already starts with its country calling code.
    case present
    /// No number has a country calling code: the policy's `defaultCountry` is prefixed to each.
    case absent
}
