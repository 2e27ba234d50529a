/// One row's message, or the placeholder that had no value when the policy is ``MissingFieldPolicy/reject``.
public enum TemplateRendering: Sendable, Hashable {
    case text(String)
    /// `placeholder` is the normalised name (`PRIMEIRONOME`); `column` is where its value was read.
    case missing(placeholder: String, column: Int)
}
