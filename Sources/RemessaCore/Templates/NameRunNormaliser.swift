/// ``HeaderName/normalise(_:)`` of a growing run of name characters (letters, digits, `_`), one character
/// at a time, so `@Name` can try every prefix without normalising each from scratch.
///
/// For such runs the header rules reduce to: fold accents, upper-case, and keep one `_` between words with
/// none at either end. A test checks that this agrees with `HeaderName.normalise` on every prefix.
struct NameRunNormaliser {
    /// The normalised form of the characters appended so far.
    private(set) var normalised = ""
    private var pendingSeparator = false

    mutating func append(_ character: Character) {
        for scalar in character.unicodeScalars {
            if scalar == "_" {
                pendingSeparator = !normalised.isEmpty
                continue
            }
            if pendingSeparator {
                normalised.append("_")
                pendingSeparator = false
            }
            let base = LatinFolding.baseLetter(of: scalar) ?? scalar
            if base.value >= 0x61, base.value <= 0x7A, let upper = Unicode.Scalar(base.value - 0x20) {
                normalised.unicodeScalars.append(upper)
            } else if base.isASCII {
                normalised.unicodeScalars.append(base)
            } else {
                normalised += base.properties.uppercaseMapping
            }
        }
    }
}
