import RemessaCore
import Testing

@Suite struct FormulaDetectorTests {
    @Test(arguments: [
        ("=SOMA(A1:A3)", true), ("= promoção", false), ("+HYPERLINK(\"x\")", true), ("-2+3", true),
        ("+55 11 98765-4321", false), ("-10,50", false), ("@PrimeiroNome, olá", false),
        // DDE: a pipe then a bang, at the start or after a sign; elsewhere it is text.
        ("|cmd!A0", true), ("+cmd|' /C calc'!A0", true), ("@x|y!", true), ("Loja | Centro!", false),
        ("|sem exclamação", false), ("a!b|c", false), ("", false),
    ])
    func spotsFormulas(cell: String, isFormula: Bool) {
        #expect(FormulaDetector.isFormula(Array(cell.utf8)) == isFormula)
    }
}
