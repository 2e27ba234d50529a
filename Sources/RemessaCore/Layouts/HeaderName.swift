/// Normalises column headers and placeholder names so that `Nome Cliente`, `nome-cliente` and
/// `NOME_CLIENTE (obrigatório)` all read as `NOME_CLIENTE` (contract §2).
public enum HeaderName {
    /// Trim, drop BOM, drop notes in `()`/`[]`, strip accents, upper-case, spaces and hyphens to `_`.
    public static func normalise(_ raw: some StringProtocol) -> String {
        var kept = String.UnicodeScalarView()
        var noteDepth = 0
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\u{FEFF}", "\u{200B}":
                continue
            case "(", "[":
                noteDepth += 1
            case ")", "]":
                noteDepth = max(0, noteDepth - 1)
            default:
                if noteDepth == 0 { kept.append(scalar) }
            }
        }
        var result = String.UnicodeScalarView()
        var pendingSeparator = false
        for scalar in trimmed(kept) {
            if scalar == " " || scalar == "-" || scalar == "_" || scalar == "\t" || scalar == "\u{A0}" {
                pendingSeparator = !result.isEmpty
                continue
            }
            if pendingSeparator {
                result.append("_")
                pendingSeparator = false
            }
            let base = LatinFolding.baseLetter(of: scalar) ?? scalar
            if base.isASCII, base.value >= 0x61, base.value <= 0x7A {
                result.append(Unicode.Scalar(base.value - 0x20)!)
            } else {
                result.append(contentsOf: base.properties.uppercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    private static func trimmed(_ scalars: String.UnicodeScalarView) -> Substring.UnicodeScalarView {
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0 == "\u{A0}" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return Substring.UnicodeScalarView() }
        return scalars[first...last]
    }
}
