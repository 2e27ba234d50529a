import RemessaCore
import Testing

@Suite struct PhoneCountryCodeTests {
    @Test(
        "Assigned calling codes of 1–3 digits",
        arguments: [
            1, 7, 20, 27, 30, 44, 49, 51, 55, 86, 91, 98, 211, 290, 299, 351, 383, 420, 599, 670, 692, 870,
            886, 998,
        ]
    )
    func assigned(code: Int) {
        #expect(CountryCallingCode.isAssigned(code))
    }

    @Test(
        "Spare, non-SMS and out-of-range codes are not assigned",
        arguments: [
            0, -1, 2, 3, 5, 9, 10, 21, 28, 35, 42, 59, 80, 96, 99, 210, 259, 280, 384, 800, 808, 979, 999,
            1000, 1234,
        ]
    )
    func unassigned(code: Int) {
        #expect(!CountryCallingCode.isAssigned(code))
    }

    @Test("No assigned code is the prefix of another, so the first digits name at most one")
    func prefixFree() {
        let codes = (1...999).filter(CountryCallingCode.isAssigned)
        #expect(codes.count > 200)
        #expect(codes.count < 260)
        for code in codes where code >= 10 {
            #expect(!CountryCallingCode.isAssigned(code / 10), "\(code)")
            if code >= 100 { #expect(!CountryCallingCode.isAssigned(code / 100), "\(code)") }
        }
    }

    @Test(
        "The leading code of E.164 digits",
        arguments: [
            ("5511987654321", 55), ("12125551234", 1), ("79161234567", 7), ("351912345678", 351),
            ("447911123456", 44), ("8613800138000", 86), ("97150123456", 971), ("2348012345678", 234),
            ("55", 55), ("1", 1),
        ]
    )
    func leading(digits: String, code: Int) {
        #expect(CountryCallingCode.leading(in: digits) == code)
    }

    @Test(
        "No leading code for unassigned prefixes, short text or non-digits",
        arguments: ["", "0", "28123", "35", "8", "+55"]
    )
    func noLeading(digits: String) {
        #expect(CountryCallingCode.leading(in: digits) == nil)
    }
}
