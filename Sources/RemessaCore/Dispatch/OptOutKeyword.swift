/// Recognises a reply that asks to stop receiving messages.
///
/// The rule: the whole reply, once trimmed, must be one keyword. Trimming drops whitespace and the punctuation
/// `. , ! ; : " '` (and typographic quotes) from both ends; the rest is folded by dropping accents (combining
/// marks and the precomposed Latin letters ``LatinFolding`` knows) and upper-casing ASCII. The keywords are
/// `SAIR`, `PARAR`, `PARE`, `STOP`, `CANCELAR`, `DESCADASTRAR`, `REMOVER`, `UNSUBSCRIBE`, `OPTOUT` and
/// `#OPTOUT`. So `"Sair."`, `"  stop! "` and `"Sáir"` opt out; `"quero sair da lista"` and `"sair?"` do not:
/// a sentence that merely contains a keyword is left to a person to read.
public enum OptOutKeyword {
    /// The keywords, folded.
    public static let keywords: Set<String> = [
        "SAIR", "PARAR", "PARE", "STOP", "CANCELAR", "DESCADASTRAR", "REMOVER", "UNSUBSCRIBE", "OPTOUT", "#OPTOUT",
    ]

    /// Whether `text` is, as a whole, an opt-out keyword.
    public static func isOptOut(_ text: some StringProtocol) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return false }
        var folded = String.UnicodeScalarView()
        var length = 0
        for scalar in scalars[first...last] where scalar.properties.generalCategory != .nonspacingMark {
            length += 1
            guard length <= longestKeyword else { return false }
            folded.append(uppercasedASCII(LatinFolding.baseLetter(of: scalar) ?? scalar))
        }
        return keywords.contains(String(folded))
    }

    private static let longestKeyword = keywords.map(\.unicodeScalars.count).max() ?? 0

    private static func uppercasedASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("a"..."z").contains(scalar) ? Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 0x20)) : scalar
    }

    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar {
        case ".", ",", "!", ";", ":", "\"", "'", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}": return true
        default: return false
        }
    }
}
