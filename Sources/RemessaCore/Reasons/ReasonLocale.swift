/// The language of the human sentences in result and error files (`locale` in a drop's configuration).
package enum ReasonLocale: String, Sendable, CaseIterable, Codable {
    case ptBR = "pt-BR"
    case en = "en"
}

/// A human sentence in every language Remessa speaks.
package struct LocalizedSentence: Sendable, Hashable {
    package var ptBR: String
    package var en: String

    package init(ptBR: String, en: String) {
        self.ptBR = ptBR
        self.en = en
    }

    package func text(in locale: ReasonLocale) -> String {
        switch locale {
        case .ptBR: ptBR
        case .en: en
        }
    }
}
