/// How a drop's phone numbers are read: where the country code is, and which countries may be sent to.
public struct PhoneNumberPolicy: Sendable, Hashable {
    public var countryCode: CountryCodeMode
    /// The calling code of national numbers (55 for Brazil). It should be assigned (see
    /// ``CountryCallingCode/isAssigned(_:)``); if not, every national number is rejected as
    /// ``PhoneNumberProblem/unknownCountryCode``.
    public var defaultCountry: Int
    /// The calling codes that may be sent to; `nil` allows every country.
    public var allowedCountries: Set<Int>?

    public init(countryCode: CountryCodeMode = .auto, defaultCountry: Int = 55, allowedCountries: Set<Int>? = nil) {
        self.countryCode = countryCode
        self.defaultCountry = defaultCountry
        self.allowedCountries = allowedCountries
    }
}

extension PhoneNumberParser {
    /// How numbers given outside a drop are read for the opt-out list: the operator's `remessa optout` commands and
    /// the replies phones send. The default policy: country code `auto`, national numbers are Brazilian (55).
    public static let optOutList = PhoneNumberParser(policy: PhoneNumberPolicy(countryCode: .auto, defaultCountry: 55))
}
