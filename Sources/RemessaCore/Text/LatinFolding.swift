/// Folds accented Latin letters to their unaccented base letter (`ã` → `a`, `Ç` → `C`).
///
/// Covers Latin-1 Supplement and Latin Extended-A, which is everything Portuguese and Spanish spreadsheets
/// use. Letters with no single-letter base (`æ`, `ß`, `×`) are left alone.
public enum LatinFolding {
    /// The base letter of `scalar`, or `nil` when it has no accent to drop.
    @inline(__always)
    public static func baseLetter(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        guard value >= 0xC0, value <= 0x17F else { return nil }
        let base = table[Int(value &- 0xC0)]
        return base == 0 ? nil : Unicode.Scalar(base)
    }

    /// `text` with every foldable letter replaced by its base letter.
    public static func fold(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(baseLetter(of: scalar) ?? scalar)
        }
        return String(result)
    }

    /// Base letters for U+00C0 … U+017F, one character each; `.` where there is none.
    private static let table: [UInt8] = {
        let rows = [
            "AAAAAA.CEEEEIIII.NOOOOO.OUUUUY..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y",
            "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi..JjKk.LlLlLlL",
            "lLlNnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTt..UuUuUuUuUuUuWwYyYZzZzZz.",
        ]
        return rows.joined().utf8.map { $0 == UInt8(ascii: ".") ? 0 : $0 }
    }()
}
