/// Where a message is in its life (contract section 5), with the platform's pt-BR wording.
public enum MessageStatus: String, Sendable, CaseIterable, Codable {
    case queued = "QUEUED"
    case scheduled = "SCHEDULED"
    case submitted = "SUBMITTED"
    case delivered = "DELIVERED"
    case notDelivered = "NOT_DELIVERED"
    case expired = "EXPIRED"
    case carrierRejected = "CARRIER_REJECTED"
    case carrierError = "CARRIER_ERROR"
    case invalidNumber = "INVALID_NUMBER"
    case optedOut = "OPTED_OUT"
    case invalidContent = "INVALID_CONTENT"
    case internalError = "INTERNAL_ERROR"
    case cancelled = "CANCELLED"
    case unconfirmed = "UNCONFIRMED"

    /// Whether nothing more will happen to the message.
    public var isTerminal: Bool {
        switch self {
        case .queued, .scheduled, .submitted: false
        default: true
        }
    }

    /// The sentence the detailed report shows for the status.
    public var sentence: LocalizedSentence {
        switch self {
        case .queued: LocalizedSentence(ptBR: "Na fila", en: "Queued")
        case .scheduled: LocalizedSentence(ptBR: "Agendada", en: "Scheduled for the next send window")
        case .submitted: LocalizedSentence(ptBR: "Enviada à operadora", en: "Submitted to the carrier")
        case .delivered: LocalizedSentence(ptBR: "Entregue", en: "Delivered")
        case .notDelivered: LocalizedSentence(ptBR: "Não entregue", en: "Not delivered")
        case .expired: LocalizedSentence(ptBR: "Tempo de vida expirado (TTL)", en: "Time to live expired (TTL)")
        case .carrierRejected: LocalizedSentence(ptBR: "Rejeitada pela operadora", en: "Rejected by the carrier")
        case .carrierError:
            LocalizedSentence(ptBR: "Falha de comunicação com a operadora", en: "Could not reach the carrier")
        case .invalidNumber: LocalizedSentence(ptBR: "Número de destino inválido", en: "Invalid destination number")
        case .optedOut: LocalizedSentence(ptBR: "Não entregue por opt-out", en: "Not sent: the recipient opted out")
        case .invalidContent: LocalizedSentence(ptBR: "Conteúdo inválido", en: "Invalid content")
        case .internalError: LocalizedSentence(ptBR: "Erro interno", en: "Internal error")
        case .cancelled: LocalizedSentence(ptBR: "Cancelada", en: "Cancelled")
        case .unconfirmed:
            LocalizedSentence(
                ptBR: "Sem confirmação de entrega",
                en: "No delivery report received within the timeout"
            )
        }
    }
}
