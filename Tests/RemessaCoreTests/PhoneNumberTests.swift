import RemessaCore
import Testing

/// The E.164 digits `raw` parses to under `policy`, or `nil` when it is rejected.
private func digits(_ raw: String, _ policy: PhoneNumberPolicy = PhoneNumberPolicy()) -> String? {
    try? PhoneNumberParser(policy: policy).parse(raw).get().digits
}

/// The problem `raw` is rejected for under `policy`, or `nil` when it is accepted.
private func problem(_ raw: String, _ policy: PhoneNumberPolicy = PhoneNumberPolicy()) -> PhoneNumberProblem? {
    if case .failure(let problem) = PhoneNumberParser(policy: policy).parse(raw) { return problem }
    return nil
}

@Suite struct PhoneNumberTests {
    @Test(
        "Every way people write a Brazilian mobile reads as 5511987654321",
        arguments: [
            "11987654321", "(11) 98765-4321", "(11)98765-4321", "11 98765-4321", "11 9 8765-4321",
            "+55 (11) 9 8765-4321", "+55 11 98765-4321", "+5511987654321", "(+55) 11 98765-4321",
            "55 11 987654321", "5511987654321", "55 (11) 98765.4321",
            "005511987654321", "00 55 11 98765-4321",
            "011987654321", "011 98765-4321", "(011) 98765-4321", "0 11 98765 4321",
            "0 15 11 98765 4321", "015 11 987654321", "0 21 (11) 98765-4321", "01511987654321",
            "0xx11 98765-4321", "(0xx11) 98765-4321", "0XX11 98765-4321", "0xx 11 98765 4321",
            "5511987654321.0", "5511987654321.000", "+5511987654321.0", "11987654321,00", "11987654321.0",
            "11.98765.4321", "11.9.8765.4321", "11/98765-4321", "11-98765-4321",
            "11\u{A0}98765\u{A0}4321", "\t11\t98765-4321\t", "  11987654321  ", "11987654321\r\n",
            "\u{FEFF}11987654321", "11 98765\u{2013}4321", "11\u{202F}98765\u{2011}4321", "11\u{2212}987654321",
            "+55 011 98765-4321", "+55 (0 15 11) 98765-4321", "55 011 98765 4321", "55 0 21 11 98765 4321",
        ]
    )
    func acceptsWrittenForms(raw: String) {
        #expect(digits(raw) == "5511987654321")
    }

    @Test("A parsed Brazilian number knows its calling code and DDD and prints masked")
    func parsedNumberProperties() throws {
        let number = try PhoneNumberParser(policy: PhoneNumberPolicy()).parse("(85) 99999-1234").get()
        #expect(number.digits == "5585999991234")
        #expect(number.callingCode == 55)
        #expect(number.ddd == 85)
        #expect(number.masked == "5585*****1234")
        #expect(number.description == "5585*****1234")
        #expect("\(number)" == "5585*****1234")
    }

    @Test("A foreign number has its calling code and no DDD")
    func foreignNumberProperties() throws {
        let number = try PhoneNumberParser(policy: PhoneNumberPolicy()).parse("+1 (212) 555-1234").get()
        #expect(number.digits == "12125551234")
        #expect(number.callingCode == 1)
        #expect(number.ddd == nil)
        let portuguese = try PhoneNumberParser(policy: PhoneNumberPolicy()).parse("+351 912 345 678").get()
        #expect(portuguese.callingCode == 351)
        #expect(portuguese.digits == "351912345678")
    }

    @Test("Numbers of every E.164 length come out digit for digit", arguments: 8...15)
    func everyLength(length: Int) throws {
        let written = String("1987654321098765".prefix(length))
        let number = try PhoneNumberParser(policy: PhoneNumberPolicy()).parse("+" + written).get()
        #expect(number.digits == written)
        #expect(number.digits.utf8.count == length)
        #expect(number.callingCode == 1)
    }

    @Test("Different ways of writing a number make equal values")
    func equalValues() throws {
        let parser = PhoneNumberParser(policy: PhoneNumberPolicy())
        let written = try parser.parse("(11) 98765-4321").get()
        let international = try parser.parse("+55 11 98765 4321").get()
        let other = try parser.parse("(11) 98765-4320").get()
        #expect(written == international)
        #expect(Set([written, international, other]).count == 2)
    }

    @Test("Substrings parse like strings")
    func parsesSubstrings() {
        let line = "id;11987654321;text"
        let cell = line.split(separator: ";")[1]
        let result = PhoneNumberParser(policy: PhoneNumberPolicy()).parse(cell)
        #expect((try? result.get().digits) == "5511987654321")
    }

    @Test(
        "Rejected numbers name the rule they break",
        arguments: [
            ("", PhoneNumberProblem.empty),
            ("   ", .empty),
            ("\u{A0}\t", .empty),
            ("-", .empty),
            ("( )", .empty),
            ("+", .empty),
            ("5,51199E+12", .excelScientificNotation),
            ("5.51199E+12", .excelScientificNotation),
            ("1.19877e+10", .excelScientificNotation),
            ("5,51199E12", .excelScientificNotation),
            ("5E+12", .excelScientificNotation),
            (" 5,51199E+12 ", .excelScientificNotation),
            ("11 9876A-4321", .invalidCharacters("A")),
            ("tel 11987654321", .invalidCharacters("t")),
            ("11987654321 ramal 22", .invalidCharacters("r")),
            ("11987654321#", .invalidCharacters("#")),
            ("11 98765*4321", .invalidCharacters("*")),
            ("11987654321, 11912345678", .invalidCharacters(",")),
            ("11987654321;", .invalidCharacters(";")),
            ("55+11987654321", .invalidCharacters("+")),
            ("++5511987654321", .invalidCharacters("+")),
            ("0x11987654321", .invalidCharacters("x")),
            ("1xx11987654321", .invalidCharacters("x")),
            ("+55 0xx11 98765-4321", .invalidCharacters("x")),
            ("11987654321ç", .invalidCharacters("ç")),
            ("１１987654321", .invalidCharacters("１")),
            ("11\u{0}987654321", .invalidCharacters(nil)),
            ("11\u{200E}987654321", .invalidCharacters(nil)),
            ("5511987654321.5", .tooLong(digitCount: 14)),
            ("1234567", .tooShort(digitCount: 7)),
            ("1", .tooShort(digitCount: 1)),
            ("0 11 9876", .tooShort(digitCount: 7)),
            ("+55 11 9876", .tooShort(digitCount: 8)),
            ("00", .tooShort(digitCount: 2)),
            ("98765-4321", .missingAreaCode),
            ("8765-4321", .missingAreaCode),
            ("+55 98765-4321", .missingAreaCode),
            ("98765.0000", .missingAreaCode),
            ("11 98765-43210", .ambiguousLength(digitCount: 12)),
            ("44 20 7946 0958", .ambiguousLength(digitCount: 12)),
            ("351 912 345 678 90", .ambiguousLength(digitCount: 14)),
            ("55 11 98765-43210", .tooLong(digitCount: 14)),
            ("+55 11 98765-43210", .tooLong(digitCount: 14)),
            ("1234567890123456", .tooLong(digitCount: 16)),
            ("+44 1234 5678 9012 3456", .tooLong(digitCount: 18)),
            ("20 98765-4321", .unknownDDD(20)),
            ("+55 10 98765-4321", .unknownDDD(10)),
            ("(11) 3456-7890", .landline),
            ("(21) 2345-6789", .landline),
            ("(48) 4004-1234", .landline),
            ("(51) 5123-4567", .landline),
            ("+55 11 3456-7890", .landline),
            ("(11) 8765-4321", .missingNinthDigit),
            ("(11) 6765-4321", .missingNinthDigit),
            ("(31) 7765-4321", .missingNinthDigit),
            ("551187654321", .missingNinthDigit),
            ("(11) 88765-4321", .notMobile),
            ("(11) 38765-4321", .notMobile),
            ("(11) 1234-5678", .notMobile),
            ("(11) 0234-5678", .notMobile),
            ("+28 1234 5678", .unknownCountryCode),
            ("+011987654321", .unknownCountryCode),
            ("00 0 11 98765 4321", .unknownCountryCode),
        ]
    )
    func rejects(raw: String, expected: PhoneNumberProblem) {
        #expect(problem(raw) == expected)
    }

    @Test(
        "A character next to the digit range is caught wherever it sits in an all-digit cell",
        arguments: [":", "@", "`", "\u{7F}", "\u{0}", "é", "/"]
    )
    func boundaryBytes(character: String) {
        for digits in ["55119876", "5511987654321", "0055119876543210"] {
            for offset in 0...digits.count {
                let index = digits.index(digits.startIndex, offsetBy: offset)
                let cell = digits[..<index] + character + digits[index...]
                let result = problem(String(cell))
                if character == "/" {
                    #expect(result == problem(digits), "\(cell)")
                } else {
                    #expect(result?.detailCode == "INVALID_CHARACTERS", "\(cell)")
                }
            }
        }
    }

    @Test("A dot before zeros is a decimal only after at least 8 digits; otherwise it is a separator")
    func decimalsOrSeparators() {
        #expect(digits("1198765.0000") == "5511987650000")
        #expect(digits("11987654321.00") == "5511987654321")
        // After other separators, ".0" is not Excel's decimals: the 0 is a digit.
        #expect(problem("11 98765.4321.0") == .ambiguousLength(digitCount: 12))
    }

    @Test("Detail codes are stable")
    func detailCodes() {
        #expect(problem("(11) 3456-7890")?.detailCode == "LANDLINE")
        #expect(problem("20 98765-4321")?.detailCode == "UNKNOWN_DDD")
        #expect(problem("5,51199E+12")?.detailCode == "EXCEL_SCIENTIFIC_NOTATION")
        #expect(problem("")?.detailCode == "EMPTY")
        #expect(problem("(11) 8765-4321")?.detailCode == "MISSING_NINTH_DIGIT")
        #expect(problem("98765-4321")?.detailCode == "MISSING_DDD")
    }
}
