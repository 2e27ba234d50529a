/// Checks Brazilian taxpayer numbers: CPF (individuals, 11 digits) and CNPJ (companies, 14 characters).
///
/// `.`, `-`, `/` and spaces are ignored, so `123.456.789-09`, `12345678909` and `12.345.678/0001-95` all read.
/// Excel drops leading zeros from a column it takes for numbers, so 9–10 digits are read as a CPF and 12–13 digits
/// as a CNPJ with the zeros put back; ``canonical(_:)`` shows the restored form, and a caller that wants to warn
/// compares its length with the digits written. The 2026 alphanumeric CNPJ (`12.ABC.345/01DE-35`) is accepted.
/// A single digit repeated (`111.111.111-11`) passes mod 11 but is invalid.
public enum TaxID {
    /// Whether `raw` is a valid CPF, a valid CNPJ, empty or invalid.
    @inlinable
    public static func check(_ raw: some StringProtocol) -> TaxIDCheck {
        withContiguousUTF8(raw) { check(utf8: $0) }
    }

    /// The valid CPF (11 digits) or CNPJ (14 characters) in `raw` without punctuation, leading zeros restored and
    /// letters upper-cased; `nil` unless ``check(_:)`` finds it valid.
    @inlinable
    public static func canonical(_ raw: some StringProtocol) -> String? {
        withContiguousUTF8(raw) { canonical(utf8: $0) }
    }

    @usableFromInline
    static func check(utf8 bytes: UnsafeBufferPointer<UInt8>) -> TaxIDCheck {
        TaxIDCharacters(cleaning: bytes)?.check ?? .invalid
    }

    @usableFromInline
    static func canonical(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let characters = TaxIDCharacters(cleaning: bytes) else { return nil }
        switch characters.check {
        case .validCPF, .validCNPJ: return characters.text
        case .invalid, .empty: return nil
        }
    }
}
