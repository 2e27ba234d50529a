import RemessaCore
import Testing

/// The 67 DDDs in use (domain research §4.1).
private let dddsInUse: [Int] =
    Array(11...19) + [21, 22, 24, 27, 28] + [31, 32, 33, 34, 35, 37, 38] + Array(41...49)
    + [51, 53, 54, 55] + Array(61...69) + [71, 73, 74, 75, 77, 79] + Array(81...89) + Array(91...99)

@Suite struct PhoneAreaCodeTests {
    @Test("The list has the 67 DDDs")
    func sixtySeven() {
        #expect(dddsInUse.count == 67)
        #expect(Set(dddsInUse).count == 67)
    }

    @Test("Every DDD in use takes a mobile number", arguments: dddsInUse)
    func validDDD(ddd: Int) throws {
        let number = try PhoneNumberParser(policy: PhoneNumberPolicy()).parse("(\(ddd)) 98765-4321").get()
        #expect(number.digits == "55\(ddd)987654321")
        #expect(number.ddd == ddd)
        #expect(BrazilianAreaCode.isInUse(ddd))
        #expect(BrazilianAreaCode.state(of: ddd) != nil)
    }

    @Test(
        "DDDs never assigned are rejected with the DDD",
        arguments: [10, 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76, 78, 80, 90]
    )
    func invalidDDD(ddd: Int) {
        let result = PhoneNumberParser(policy: PhoneNumberPolicy()).parse("(\(ddd)) 98765-4321")
        #expect(throws: PhoneNumberProblem.unknownDDD(ddd)) { try result.get() }
        #expect(!BrazilianAreaCode.isInUse(ddd))
        #expect(BrazilianAreaCode.state(of: ddd) == nil)
    }

    @Test("isInUse and state(of:) agree with the list for every integer near the range")
    func tablesAgree() {
        for ddd in -5...200 {
            let expected = dddsInUse.contains(ddd)
            #expect(BrazilianAreaCode.isInUse(ddd) == expected, "DDD \(ddd)")
            #expect((BrazilianAreaCode.state(of: ddd) != nil) == expected, "DDD \(ddd)")
        }
        #expect(!BrazilianAreaCode.isInUse(Int.min))
        #expect(!BrazilianAreaCode.isInUse(Int.max))
    }

    @Test(
        "Each DDD maps to its state",
        arguments: [
            (11, "SP"), (19, "SP"), (21, "RJ"), (27, "ES"), (31, "MG"), (38, "MG"), (41, "PR"), (46, "PR"),
            (47, "SC"), (51, "RS"), (55, "RS"), (61, "DF"), (62, "GO"), (63, "TO"), (65, "MT"), (67, "MS"),
            (68, "AC"), (69, "RO"), (71, "BA"), (79, "SE"), (81, "PE"), (82, "AL"), (83, "PB"), (84, "RN"),
            (85, "CE"), (88, "CE"), (86, "PI"), (91, "PA"), (92, "AM"), (95, "RR"), (96, "AP"), (98, "MA"),
        ]
    )
    func state(ddd: Int, state: String) {
        #expect(BrazilianAreaCode.state(of: ddd) == state)
    }

    @Test("The DDDs cover all 26 states and the Federal District")
    func allStates() {
        let states = Set(dddsInUse.compactMap(BrazilianAreaCode.state(of:)))
        #expect(states.count == 27)
    }
}
