import RemessaCore
import Testing

/// One of every problem. `detailCodesAreUnique` fails when a case is added to the enum but not here.
private let everyProblem: [PhoneNumberProblem] = [
    .empty, .excelScientificNotation, .invalidCharacters("A"), .invalidCharacters(nil), .tooShort(digitCount: 7),
    .tooShort(digitCount: 1), .tooLong(digitCount: 16), .ambiguousLength(digitCount: 12), .missingCountryCode,
    .missingAreaCode, .unknownDDD(20), .unknownDDD(5), .landline, .missingNinthDigit, .notMobile,
    .unknownCountryCode, .countryNotAllowed(351),
]

@Suite struct PhoneNumberProblemTests {
    @Test("Each case has its own stable detail code")
    func detailCodesAreUnique() {
        let codes = Set(everyProblem.map(\.detailCode))
        #expect(
            codes == [
                "EMPTY", "EXCEL_SCIENTIFIC_NOTATION", "INVALID_CHARACTERS", "TOO_SHORT", "TOO_LONG",
                "AMBIGUOUS_LENGTH", "MISSING_COUNTRY_CODE", "MISSING_DDD", "UNKNOWN_DDD", "LANDLINE",
                "MISSING_NINTH_DIGIT", "NOT_MOBILE", "UNKNOWN_COUNTRY_CODE", "COUNTRY_NOT_ALLOWED",
            ]
        )
    }

    @Test("Detail codes are UPPER_SNAKE", arguments: everyProblem)
    func upperSnake(problem: PhoneNumberProblem) {
        let code = problem.detailCode
        #expect(!code.isEmpty)
        #expect(code.allSatisfy { ("A"..."Z").contains($0) || $0 == "_" })
    }

    @Test("Every problem has a Portuguese and an English sentence", arguments: everyProblem)
    func sentences(problem: PhoneNumberProblem) {
        let sentence = problem.sentence()
        #expect(sentence.ptBR.count > 20)
        #expect(sentence.en.count > 20)
        #expect(sentence.ptBR != sentence.en)
        #expect(sentence.text(in: .ptBR) == sentence.ptBR)
        #expect(sentence.text(in: .en) == sentence.en)
        #expect(sentence.ptBR.hasSuffix("."))
        #expect(sentence.en.hasSuffix("."))
        // Each says what it is about in its own language.
        #expect(sentence.ptBR.contains("número") || sentence.ptBR.contains("DDD"))
        #expect(sentence.en.contains("number") || sentence.en.contains("code"))
        #expect(!sentence.ptBR.contains(" the "))
        #expect(!sentence.en.contains(" não "))
    }

    @Test("Sentences carry the specifics: digit count, DDD, country code, character")
    func specifics() {
        #expect(PhoneNumberProblem.tooShort(digitCount: 7).sentence().ptBR.contains("7 dígitos"))
        #expect(PhoneNumberProblem.tooShort(digitCount: 1).sentence().en.contains("1 digit,"))
        #expect(PhoneNumberProblem.tooLong(digitCount: 16).sentence().en.contains("16 digits"))
        #expect(PhoneNumberProblem.ambiguousLength(digitCount: 12).sentence().ptBR.contains("12 dígitos"))
        #expect(PhoneNumberProblem.unknownDDD(20).sentence().ptBR.contains("DDD 20"))
        #expect(PhoneNumberProblem.unknownDDD(5).sentence().en.contains("(DDD) 05"))
        #expect(PhoneNumberProblem.countryNotAllowed(351).sentence().en.contains("+351"))
        #expect(PhoneNumberProblem.invalidCharacters("A").sentence().ptBR.contains("“A”"))
        #expect(PhoneNumberProblem.excelScientificNotation.sentence().ptBR.contains("0 casas decimais"))
        #expect(PhoneNumberProblem.excelScientificNotation.sentence().en.contains("0 decimal places"))
        #expect(PhoneNumberProblem.missingNinthDigit.sentence().en.contains("Add a 9"))
    }
}
