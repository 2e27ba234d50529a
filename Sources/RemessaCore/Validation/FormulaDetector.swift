/// Spots spreadsheet formulas in cells: `=SOMA(A1:A3)`, `+HYPERLINK(…)`, `@SUM(…)`, `-2+3`, DDE payloads.
///
/// A CSV never carries a live formula, so one in a cell is a copy-paste accident or an injection attempt.
/// Phone numbers (`+55 11 9…`), negative amounts (`-10,50`) and template text (`@PrimeiroNome, olá`) are not
/// formulas.
public enum FormulaDetector {
    public static func isFormula(_ cell: some Collection<UInt8>) -> Bool {
        guard let first = cell.first else { return false }
        switch first {
        case UInt8(ascii: "="):
            // `=` alone or followed by a space is text ("= promoção"); `=X…` is a formula.
            guard let second = cell.dropFirst().first else { return false }
            return second != UInt8(ascii: " ")
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"):
            return looksLikeFunctionCall(cell.dropFirst()) || looksLikeDDE(cell)
                || (first != UInt8(ascii: "@") && looksLikeArithmetic(cell.dropFirst()))
        default:
            // The cheap test first: every cell of every row comes through here.
            return first == UInt8(ascii: "|") && looksLikeDDE(cell)
        }
    }

    /// `NAME(` right after the sign: `+HYPERLINK(`, `@SUM(`, `-cmd(`.
    private static func looksLikeFunctionCall(_ rest: some Collection<UInt8>) -> Bool {
        var sawLetter = false
        for byte in rest {
            if isLetter(byte)
                || (sawLetter && (isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")))
            {
                sawLetter = true
                continue
            }
            return sawLetter && byte == UInt8(ascii: "(")
        }
        return false
    }

    /// `cmd|' /C calc'!A0`: a pipe then a bang, the classic DDE payload.
    private static func looksLikeDDE(_ cell: some Collection<UInt8>) -> Bool {
        guard let pipe = cell.firstIndex(of: UInt8(ascii: "|")) else { return false }
        return cell[pipe...].contains(UInt8(ascii: "!"))
    }

    /// `-2+3`, `+A1*B2`: an operator after the leading sign, between operands. Phone numbers only carry
    /// digits, spaces, parentheses, dots and hyphens; amounts only digits and separators. `/` and `&` are left
    /// out: they are everyday text ("2/3", "leve 1 & pague").
    private static func looksLikeArithmetic(_ rest: some Collection<UInt8>) -> Bool {
        var sawOperand = false
        for byte in rest {
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "^"):
                if sawOperand { return true }
            case _ where isLetter(byte):
                // A cell reference like A1 or a name: letters after the sign mean an expression.
                sawOperand = true
            case _ where isDigit(byte):
                sawOperand = true
            default:
                continue
            }
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
