/// What a CPF/CNPJ cell holds, by ``TaxID/check(_:)``.
public enum TaxIDCheck: Sendable, Hashable {
    /// An individual's CPF (11 digits) whose check digits match.
    case validCPF
    /// A company's CNPJ (14 characters, digits or the 2026 alphanumeric form) whose check digits match.
    case validCNPJ
    /// Anything else: wrong length, wrong check digits, one digit repeated, characters that do not belong.
    case invalid
    /// Nothing but spaces and separators.
    case empty
}
