import RemessaCore
import Testing

@Suite struct PhoneMaskTests {
    @Test(
        "Phones keep the first and last 4 digits, fewer when short",
        arguments: [
            ("5511987654321", "5511*****4321"), ("551134567890", "5511****7890"),
            ("123456789012345", "1234*******2345"),
            ("11987654321", "11*******21"), ("98765432", "98****32"), ("1234", "1**4"), ("123", "***"),
            ("+55 (11) 98765-4321", "5511*****4321"), ("", ""), ("abc", "***"),
        ]
    )
    func phone(raw: String, masked: String) {
        #expect(PersonalDataMask.phone(raw) == masked)
    }

    @Test("No mask shows more than half of a number's digits")
    func neverMostlyVisible() {
        var digits = ""
        for length in 1...20 {
            digits.append(Character(String(length % 10)))
            let visible = PersonalDataMask.phone(digits).filter { $0 != "*" }.count
            #expect(visible * 2 <= max(length, 1) || length >= 12 && visible == 8, "length \(length)")
        }
    }

    @Test(
        "CPF and CNPJ keep the first digits and the check digits",
        arguments: [
            ("123.456.789-09", "123.***.***-09"), ("12345678909", "123.***.***-09"), ("12345678900", "123.***.***-00"),
            ("11.222.333/0001-81", "11.***.***/****-81"), ("12.abc.345/01de-35", "12.***.***/****-35"),
            ("1234567890", "012.***.***-90"), ("4252011000110", "04.***.***/****-10"),
            ("", ""), ("   ", ""), ("1234", "***"), ("abc", "***"), ("123.456.789-09 (pai)", "***"),
        ]
    )
    func taxID(raw: String, masked: String) {
        #expect(PersonalDataMask.taxID(raw) == masked)
    }
}
