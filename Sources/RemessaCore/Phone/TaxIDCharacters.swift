/// The characters of a CPF or CNPJ cell after clean-up, as check-digit values (`0`–`9` → 0–9, `A`–`Z` → 17–42).
///
/// Values are packed a byte each into one `UInt128`, so cleaning allocates nothing. Leading zeros that Excel
/// dropped are put back: 9–10 digits read as a CPF, 12–13 digits as a CNPJ.
struct TaxIDCharacters {
    /// Byte `i` is the value of character `i` of the ``length``-long form.
    private var packed: UInt128 = 0
    /// Characters written, before padding; may exceed the 16 kept.
    private var written = 0
    private var hasLetters = false
    /// The length the characters stand for: 11 for a CPF, 14 for a CNPJ (leading zeros restored), else as written.
    private(set) var length = 0

    /// Cleans `bytes`: drops `.`, `-`, `/` and spaces (NBSP too), upper-cases letters. `nil` when another
    /// character appears.
    init?(cleaning bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                append(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                hasLetters = true
                append(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                hasLetters = true
                append(byte &- 0x20 &- UInt8(ascii: "0"))
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "), 0x09...0x0D:
                continue
            case 0xC2 where index < bytes.count && bytes[index] == 0xA0:
                index += 1
            default:
                return nil
            }
        }
        switch (written, hasLetters) {
        case (9, false), (10, false): length = 11
        case (12, false), (13, false): length = 14
        default: length = written
        }
        // Restored leading zeros: the values move up, zeros come in below.
        packed &<<= UInt128(truncatingIfNeeded: (length - written) &* 8)
    }

    /// The value at `index` of the ``length``-long form; `index` must be below 16.
    @inline(__always)
    subscript(index: Int) -> Int {
        Int(truncatingIfNeeded: packed &>> UInt128(truncatingIfNeeded: index &* 8)) & 0xFF
    }

    var check: TaxIDCheck {
        if written == 0 { return .empty }
        switch length {
        case 11 where !hasLetters && !isOneRepeatedCharacter && isValidCPF: return .validCPF
        case 14 where !isOneRepeatedCharacter && isValidCNPJ: return .validCNPJ
        default: return .invalid
        }
    }

    /// The ``length``-long form as text, e.g. `01234567890`.
    var text: String {
        String(unsafeUninitializedCapacity: length) { buffer in
            for index in 0..<length {
                buffer[index] = UInt8(truncatingIfNeeded: self[index]) &+ UInt8(ascii: "0")
            }
            return length
        }
    }

    @inline(__always)
    private mutating func append(_ value: UInt8) {
        if written < 16 {
            packed |= UInt128(value) &<< UInt128(truncatingIfNeeded: written &* 8)
        }
        written &+= 1
    }

    private var isOneRepeatedCharacter: Bool {
        let first = self[0]
        for index in 1..<length where self[index] != first {
            return false
        }
        return true
    }

    /// Weights 10…2 over 9 digits for the first check digit, 11…2 over 10 for the second.
    private var isValidCPF: Bool {
        var first = 0
        var second = 0
        for index in 0..<9 {
            let value = self[index]
            first &+= value &* (10 &- index)
            second &+= value &* (11 &- index)
        }
        second &+= self[9] &* 2
        return Self.checkDigit(first) == self[9] && Self.checkDigit(second) == self[10]
    }

    /// Weights 5,4,3,2,9,…,2 over 12 characters, then 6,5,4,3,2,9,…,2 over 13. Letters may fill the first 12
    /// (Receita Federal's alphanumeric CNPJ, valued ASCII − 48); the check digits are always digits.
    private var isValidCNPJ: Bool {
        guard self[12] <= 9, self[13] <= 9 else { return false }
        var first = 0
        var second = 0
        for index in 0..<12 {
            let value = self[index]
            first &+= value &* (index < 4 ? 5 &- index : 13 &- index)
            second &+= value &* (index < 5 ? 6 &- index : 14 &- index)
        }
        second &+= self[12] &* 2
        return Self.checkDigit(first) == self[12] && Self.checkDigit(second) == self[13]
    }

    /// Mod 11: 0 when the remainder is below 2, else 11 − remainder.
    @inline(__always)
    private static func checkDigit(_ sum: Int) -> Int {
        let remainder = sum % 11
        return remainder < 2 ? 0 : 11 &- remainder
    }
}
