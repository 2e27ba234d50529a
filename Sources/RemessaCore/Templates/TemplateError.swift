/// Why a template cannot be used with a file; the file is rejected as `UNKNOWN_PLACEHOLDER` before anything
/// is sent.
///
/// Offsets count characters (grapheme clusters) from 0 and point at the `@` or the first `{`.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `{{name}}` that the catalog lacks, or a built-in `@Name` whose column this file lacks. `name` is
    /// normalised (`CORINGA1`).
    case unknownPlaceholder(name: String, offset: Int)
    /// `{{}}` or `{{ }}`.
    case emptyPlaceholder(offset: Int)

    /// The whole-file code to report.
    public var code: FileReasonCode { .unknownPlaceholder }

    public func sentence() -> LocalizedSentence {
        switch self {
        case .unknownPlaceholder(let name, let offset) where BuiltInPlaceholder.names.contains(name):
            LocalizedSentence(
                ptBR: "O modelo usa o campo \(name) (posição \(offset + 1)), mas o arquivo não tem essa coluna.",
                en: "The template uses the field \(name) (position \(offset + 1)), but the file has no such column."
            )
        case .unknownPlaceholder(let name, let offset):
            LocalizedSentence(
                ptBR: "O modelo usa o campo desconhecido {{\(name)}} (posição \(offset + 1)).",
                en: "The template uses the unknown field {{\(name)}} (position \(offset + 1))."
            )
        case .emptyPlaceholder(let offset):
            LocalizedSentence(
                ptBR: "O modelo tem um campo sem nome, {{}} (posição \(offset + 1)).",
                en: "The template has a field without a name, {{}} (position \(offset + 1))."
            )
        }
    }

    public var description: String { sentence().en }
}
