/// The placeholders every drop knows by name (contract §4), normalised as ``HeaderName`` does.
///
/// A built-in is only usable when the file has its column: the catalog must map it. One that the catalog
/// lacks is an error (``TemplateError/unknownPlaceholder(name:offset:)``) rather than literal text, so a phone
/// never receives `@Coringa1`.
public enum BuiltInPlaceholder {
    public static let firstName = "PRIMEIRONOME"
    public static let name = "NOME"

    /// `PRIMEIRONOME`, `NOME`, `CPFCNPJ`, `CODCLIENTE`, `TAG`, `CORINGA1` … `CORINGA5`.
    public static let names: [String] = [
        firstName, name, "CPFCNPJ", "CODCLIENTE", "TAG", "CORINGA1", "CORINGA2", "CORINGA3", "CORINGA4", "CORINGA5",
    ]
}
