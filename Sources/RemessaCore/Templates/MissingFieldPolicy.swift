/// What a row gets when a placeholder's value is empty (`onMissingField`, contract §4).
public enum MissingFieldPolicy: String, Sendable, Codable, CaseIterable {
    /// The row is rejected as `MISSING_FIELD`.
    case reject
    /// The placeholder renders as nothing and the spacing around it is tidied.
    case blank
}
