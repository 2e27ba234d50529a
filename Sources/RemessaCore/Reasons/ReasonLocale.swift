/// The language of the human sentences in result and error files (`locale` in a drop's configuration).
public enum ReasonLocale: String, Sendable, CaseIterable, Codable {
    case ptBR = "pt-BR"
    case en = "en"
}

/// A human sentence in every language Remessa speaks.
public struct LocalizedSentence: Sendable, Hashable {
    public var ptBR: String
    public var en: String

    public init(ptBR: String, en: String) {
        self.ptBR = ptBR
        self.en = en
    }

    public func text(in locale: ReasonLocale) -> String {
        switch locale {
        case .ptBR: ptBR
        case .en: en
        }
    }
}
