/// The characters of a CPF or CNPJ cell after clean-up, as check-digit values (`0`–`9` → 0–9, `A`–`Z` → 17–42).
///
/// Values are packed a byte each into two words, so cleaning allocates nothing. Leading zeros that Excel dropped
/// are put back: 9–10 digits read as a CPF, 12–13 digits as a CNPJ.
struct TaxIDCharacters {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// Characters written, before padding; may exceed the 16 kept.
    private(set) var written = 0
    private var hasLetters = false

    /// Cleans `bytes`: drops `.`, `-`, `/` and spaces (NBSP too), upper-cases letters. `nil` when another
    /// character appears.
    init?(cleaning bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                append(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                append(byte &- 0x20 &- UInt8(ascii: "0"))
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "), 0x09...0x0D:
                continue
            case 0xC2 where index < bytes.count && bytes[index] == 0xA0:
                index += 1
            default:
                return nil
            }
        }
    }

    /// The length the characters stand for: 11 for a CPF, 14 for a CNPJ (leading zeros restored), else `written`.
    var length: Int {
        guard !hasLetters else { return written }
        switch written {
        case 9, 10: return 11
        case 12, 13: return 14
        default: return written
        }
    }

    /// The value at `index` of the `length`-long form; restored leading zeros read as 0.
    subscript(index: Int) -> Int {
        let stored = index - (length - written)
        guard stored >= 0 else { return 0 }
        let word = stored < 8 ? low : high
        return Int(truncatingIfNeeded: word &>> UInt64((stored & 7) &* 8)) & 0xFF
    }

    var check: TaxIDCheck {
        if written == 0 { return .empty }
        switch length {
        case 11 where !hasLetters && !isOneRepeatedCharacter && isValidCPF: return .validCPF
        case 14 where !isOneRepeatedCharacter && isValidCNPJ: return .validCNPJ
        default: return .invalid
        }
    }

    /// The `length`-long form as text, e.g. `01234567890`.
    var text: String {
        String(unsafeUninitializedCapacity: length) { buffer in
            for index in 0..<length {
                buffer[index] = UInt8(truncatingIfNeeded: self[index]) &+ UInt8(ascii: "0")
            }
            return length
        }
    }

    private mutating func append(_ value: UInt8) {
        if value > 9 { hasLetters = true }
        if written < 8 {
            low |= UInt64(value) &<< UInt64(written &* 8)
        } else if written < 16 {
            high |= UInt64(value) &<< UInt64((written &- 8) &* 8)
        }
        written += 1
    }

    private var isOneRepeatedCharacter: Bool {
        (1..<length).allSatisfy { self[$0] == self[0] }
    }

    /// Weights 10…2 over 9 digits, then 11…2 over 10.
    private var isValidCPF: Bool {
        checkDigit(count: 9) { 10 - $0 } == self[9] && checkDigit(count: 10) { 11 - $0 } == self[10]
    }

    /// Weights 5,4,3,2,9,…,2 over 12 characters, then 6,5,4,3,2,9,…,2 over 13. Letters are allowed in the first
    /// 12 (Receita Federal's alphanumeric CNPJ, valued ASCII − 48); the check digits are always digits.
    private var isValidCNPJ: Bool {
        self[12] <= 9 && self[13] <= 9
            && checkDigit(count: 12) { $0 < 4 ? 5 - $0 : 13 - $0 } == self[12]
            && checkDigit(count: 13) { $0 < 5 ? 6 - $0 : 14 - $0 } == self[13]
    }

    /// Mod 11 over the first `count` values: 0 when the remainder is below 2, else 11 − remainder.
    private func checkDigit(count: Int, weight: (Int) -> Int) -> Int {
        var sum = 0
        for index in 0..<count {
            sum += self[index] * weight(index)
        }
        let remainder = sum % 11
        return remainder < 2 ? 0 : 11 - remainder
    }
}
