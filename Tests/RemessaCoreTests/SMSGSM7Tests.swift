import RemessaCore
import Testing

@Suite("SMS encoding: the GSM 03.38 tables")
struct SMSGSM7Tests {
    @Test func septetsUseTheStandardCodes() {
        #expect(GSM7.septets(of: "@") == [0x00])
        #expect(GSM7.septets(of: "Ç") == [0x09])
        #expect(GSM7.septets(of: "É") == [0x1F])
        #expect(GSM7.septets(of: "à") == [0x7F])
        #expect(GSM7.septets(of: "A1") == [0x41, 0x31])
        #expect(GSM7.septets(of: "\r\n") == [0x0D, 0x0A])
    }

    @Test func extensionCharactersAreEscaped() {
        #expect(GSM7.septets(of: "€") == [0x1B, 0x65])
        #expect(
            GSM7.septets(of: "^{}\\[~]|") == [
                0x1B, 0x14, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x3C, 0x1B, 0x3D, 0x1B, 0x3E, 0x1B, 0x40,
            ]
        )
        #expect(GSM7.septets(of: "\u{0C}") == [0x1B, 0x0A])
    }

    @Test func charactersOutsideTheAlphabetHaveNoSeptets() {
        #expect(GSM7.septets(of: "ã") == nil)
        #expect(GSM7.septets(of: "`") == nil)
        #expect(GSM7.septets(of: "\u{1B}") == nil)
        #expect(GSM7.septets(of: "😀") == nil)
    }

    @Test func everyCodeRoundTrips() {
        var septets: [UInt8] = (0...0x7F).filter { $0 != GSM7.escape }
        for code: UInt8 in [0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65] {
            septets += [GSM7.escape, code]
        }
        let text = GSM7.text(fromSeptets: septets)
        #expect(text?.unicodeScalars.count == 127 + 10)
        #expect(text.flatMap(GSM7.septets(of:)) == septets)
    }

    @Test func malformedSeptetsHaveNoText() {
        #expect(GSM7.text(fromSeptets: [0x41, 0x1B]) == nil)
        #expect(GSM7.text(fromSeptets: [0x1B, 0x41]) == nil)
        #expect(GSM7.text(fromSeptets: [0x80]) == nil)
    }

    @Test func septetCountAgreesWithTheTables() {
        // septetCount uses bit masks and a switch for speed; septets(of:) uses the tables.
        for value in UInt32(0)...0x3FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = GSM7.septets(of: String(Character(scalar)))?.count
            #expect(GSM7.septetCount(of: scalar) == expected, "U+\(String(value, radix: 16))")
        }
        #expect(GSM7.septetCount(of: "€") == 2)
        #expect(GSM7.septetCount(of: "😀") == nil)
    }
}
