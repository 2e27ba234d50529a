/// A message's priority class: strict priority between classes when dispatching.
public enum Priority: String, Sendable, CaseIterable, Codable, Comparable {
    case alta = "ALTA"
    case media = "MEDIA"
    case baixa = "BAIXA"

    /// Reads `ALTA`/`MEDIA`/`BAIXA` and `HIGH`/`NORMAL`/`LOW`, in any case, with or without accents.
    public init?(parsing text: some StringProtocol) {
        switch HeaderName.normalise(text) {
        case "ALTA", "HIGH": self = .alta
        case "MEDIA", "NORMAL", "MEDIUM": self = .media
        case "BAIXA", "LOW": self = .baixa
        default: return nil
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .alta: 0
        case .media: 1
        case .baixa: 2
        }
    }
}
