import RemessaCore
import Testing

private func parse(_ raw: String, _ policy: PhoneNumberPolicy) -> Result<PhoneNumber, PhoneNumberProblem> {
    PhoneNumberParser(policy: policy).parse(raw)
}

private func digits(_ raw: String, _ policy: PhoneNumberPolicy) -> String? {
    try? parse(raw, policy).get().digits
}

private func problem(_ raw: String, _ policy: PhoneNumberPolicy) -> PhoneNumberProblem? {
    if case .failure(let problem) = parse(raw, policy) { return problem }
    return nil
}

@Suite struct PhoneNumberPolicyTests {
    @Test("The default policy is auto, Brazil, any country")
    func defaults() {
        let policy = PhoneNumberPolicy()
        #expect(policy.countryCode == .auto)
        #expect(policy.defaultCountry == 55)
        #expect(policy.allowedCountries == nil)
        #expect(CountryCodeMode.allCases == [.auto, .present, .absent])
        #expect(CountryCodeMode(rawValue: "present") == .present)
    }

    @Test("auto for Brazil: length decides, not the 55 prefix (DDD 55 exists)")
    func autoBrazil() {
        let policy = PhoneNumberPolicy()
        #expect(digits("55 98765-4321", policy) == "5555987654321")
        #expect(digits("5555987654321", policy) == "5555987654321")
        #expect(problem("55 3456-7890", policy) == .landline)
        #expect(problem("555534567890", policy) == .landline)
        #expect(digits("+351 912 345 678", policy) == "351912345678")
        #expect(digits("00351912345678", policy) == "351912345678")
        #expect(problem("351912345678", policy) == .ambiguousLength(digitCount: 12))
    }

    @Test("present: every number starts with its country code")
    func present() {
        let policy = PhoneNumberPolicy(countryCode: .present)
        #expect(digits("5511987654321", policy) == "5511987654321")
        #expect(digits("55 (11) 98765-4321", policy) == "5511987654321")
        #expect(digits("+5511987654321", policy) == "5511987654321")
        #expect(digits("005511987654321", policy) == "5511987654321")
        #expect(digits("55 011 98765-4321", policy) == "5511987654321")
        #expect(digits("351912345678", policy) == "351912345678")
        #expect(problem("011 98765-4321", policy) == .missingCountryCode)
        #expect(problem("0xx11 98765-4321", policy) == .missingCountryCode)
        #expect(problem("0 15 11 98765-4321", policy) == .missingCountryCode)
        #expect(problem("5511 3456-7890", policy) == .landline)
        // The operator said the code is there: 11987654321 is +1 198 765 4321, which a country filter catches.
        #expect(digits("11987654321", policy) == "11987654321")
        let brazilOnly = PhoneNumberPolicy(countryCode: .present, allowedCountries: [55])
        #expect(problem("11987654321", brazilOnly) == .countryNotAllowed(1))
    }

    @Test("absent: the default country is prefixed unless + or 00 says otherwise")
    func absent() {
        let policy = PhoneNumberPolicy(countryCode: .absent)
        #expect(digits("11987654321", policy) == "5511987654321")
        #expect(digits("(55) 98765-4321", policy) == "5555987654321")
        #expect(digits("011 98765-4321", policy) == "5511987654321")
        #expect(digits("0xx11 98765-4321", policy) == "5511987654321")
        #expect(digits("+5511987654321", policy) == "5511987654321")
        #expect(digits("+351912345678", policy) == "351912345678")
        #expect(digits("00351912345678", policy) == "351912345678")
        #expect(problem("5511987654321", policy) == .tooLong(digitCount: 13))
        #expect(problem("98765-4321", policy) == .missingAreaCode)
    }

    @Test("auto for another default country: its own code and 8–15 digits mean international")
    func autoOtherCountry() {
        let portugal = PhoneNumberPolicy(defaultCountry: 351)
        #expect(digits("912 345 678", portugal) == "351912345678")
        #expect(digits("351 912 345 678", portugal) == "351912345678")
        #expect(digits("+55 11 98765-4321", portugal) == "5511987654321")
        #expect((try? parse("912345678", portugal).get().callingCode) == 351)
        let usa = PhoneNumberPolicy(defaultCountry: 1)
        #expect(digits("(212) 555-1234", usa) == "12125551234")
        #expect(digits("1 212 555 1234", usa) == "12125551234")
        let uk = PhoneNumberPolicy(defaultCountry: 44)
        #expect(digits("07911 123456", uk) == "447911123456")
        #expect(digits("447911123456", uk) == "447911123456")
        #expect(problem("12345", uk) == .tooShort(digitCount: 5))
        #expect(problem("0791112345678901", uk) == .tooLong(digitCount: 16))
        // Numbers of other countries are not held to Brazilian rules.
        #expect(digits("3456 7890", PhoneNumberPolicy(defaultCountry: 45)) == "4534567890")
    }

    @Test("absent and present for another default country")
    func modesOtherCountry() {
        let absent = PhoneNumberPolicy(countryCode: .absent, defaultCountry: 44)
        #expect(digits("7911 123456", absent) == "447911123456")
        #expect(digits("07911 123456", absent) == "447911123456")
        #expect(digits("+5511987654321", absent) == "5511987654321")
        let present = PhoneNumberPolicy(countryCode: .present, defaultCountry: 44)
        #expect(digits("447911123456", present) == "447911123456")
        #expect(problem("07911 123456", present) == .missingCountryCode)
    }

    @Test("A default country that is not a calling code rejects national numbers only")
    func unassignedDefaultCountry() {
        for code in [0, 28, 999, 1000, -55] {
            let policy = PhoneNumberPolicy(defaultCountry: code)
            #expect(problem("912345678", policy) == .unknownCountryCode)
            #expect(digits("+5511987654321", policy) == "5511987654321")
        }
    }

    @Test("allowedCountries restricts every number, national ones included")
    func allowedCountries() {
        let policy = PhoneNumberPolicy(allowedCountries: [55, 351])
        #expect(digits("11987654321", policy) == "5511987654321")
        #expect(digits("+351 912 345 678", policy) == "351912345678")
        #expect(problem("+44 7911 123456", policy) == .countryNotAllowed(44))
        #expect(problem("+1 212 555 1234", policy) == .countryNotAllowed(1))
        let portugalOnly = PhoneNumberPolicy(allowedCountries: [351])
        #expect(problem("11987654321", portugalOnly) == .countryNotAllowed(55))
        #expect(problem("+55 11 98765-4321", portugalOnly) == .countryNotAllowed(55))
        let none = PhoneNumberPolicy(allowedCountries: [])
        #expect(problem("11987654321", none) == .countryNotAllowed(55))
        let otherDefault = PhoneNumberPolicy(countryCode: .absent, defaultCountry: 44, allowedCountries: [55])
        #expect(problem("7911 123456", otherDefault) == .countryNotAllowed(44))
    }

    @Test("Foreign numbers need 8–15 digits and an assigned code")
    func foreignLengths() {
        let policy = PhoneNumberPolicy()
        #expect(digits("+45 3456 78", policy) == "45345678")
        #expect(problem("+45 3456 7", policy) == .tooShort(digitCount: 7))
        #expect(digits("+86 138 0013 8000 12", policy) == "861380013800012")
        #expect(problem("+86 138 0013 8000 123", policy) == .tooLong(digitCount: 16))
        #expect(problem("+800 1234 5678", policy) == .unknownCountryCode)
        #expect(problem("+979 1234 5678", policy) == .unknownCountryCode)
    }
}
