/// Why one row was rejected: a stable code, the column at fault, and a sentence for people.
public struct RowRejection: Sendable, Hashable, Error {
    public var code: RowReasonCode
    /// The column at fault, as the client named it in the header (or the contract's name for headerless files).
    public var field: String?
    /// A finer stable code where one helps (`LANDLINE`, `UNKNOWN_DDD`, …); `nil` otherwise.
    public var detail: String?
    public var sentence: LocalizedSentence

    public init(code: RowReasonCode, field: String?, detail: String? = nil, sentence: LocalizedSentence) {
        self.code = code
        self.field = field
        self.detail = detail
        self.sentence = sentence
    }
}

extension RowRejection {
    static func missingDestination(field: String) -> RowRejection {
        RowRejection(
            code: .missingDestination,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A coluna \(field) está vazia: informe o número de destino.",
                en: "Column \(field) is empty: a destination number is required."
            )
        )
    }

    static func invalidNumber(field: String, problem: PhoneNumberProblem) -> RowRejection {
        RowRejection(code: .invalidNumber, field: field, detail: problem.detailCode, sentence: problem.sentence())
    }

    static func invalidEmail(field: String) -> RowRejection {
        RowRejection(
            code: .invalidEmail,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "O e-mail em \(field) não é um endereço válido.",
                en: "The e-mail in \(field) is not a valid address."
            )
        )
    }

    static func unsupportedChannel(field: String, channel: String) -> RowRejection {
        RowRejection(
            code: .unsupportedChannel,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "Canal \"\(channel)\" não é enviado por SMS; use TELEFONE.",
                en: "Channel \"\(channel)\" is not sent by SMS; use TELEFONE."
            )
        )
    }

    static func missingCorrelationID(field: String) -> RowRejection {
        RowRejection(
            code: .missingCorrelationID,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A coluna \(field) existe no arquivo, então cada linha precisa de um correlationId.",
                en: "The file has a \(field) column, so every row needs a correlation id."
            )
        )
    }

    static func correlationIDTooLong(field: String, length: Int) -> RowRejection {
        RowRejection(
            code: .correlationIDTooLong,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "O correlationId tem \(length) caracteres; o máximo é 64.",
                en: "The correlation id has \(length) characters; at most 64 are allowed."
            )
        )
    }

    static func missingField(field: String, placeholder: String) -> RowRejection {
        RowRejection(
            code: .missingField,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A mensagem usa \(placeholder), mas a coluna \(field) está vazia nesta linha.",
                en: "The message uses \(placeholder), but column \(field) is empty in this row."
            )
        )
    }

    static func unknownPlaceholderInRow(field: String, error: TemplateError) -> RowRejection {
        RowRejection(code: .missingField, field: field, detail: "UNKNOWN_PLACEHOLDER", sentence: error.sentence())
    }

    /// A row without a message of its own, in a file the drop's template cannot be used with: the field is the
    /// empty message column, the detail and the sentence name what the file lacks.
    static func templateUnusable(field: String, error: TemplateError) -> RowRejection {
        let (ptBR, en): (String, String)
        switch error {
        case .unknownPlaceholder(let name, let offset) where BuiltInPlaceholder.names.contains(name):
            ptBR = "usa o campo \(name) (posição \(offset + 1)), mas o arquivo não tem essa coluna"
            en = "it uses the field \(name) (position \(offset + 1)), but the file has no such column"
        case .unknownPlaceholder(let name, let offset):
            ptBR = "usa o campo desconhecido {{\(name)}} (posição \(offset + 1))"
            en = "it uses the unknown field {{\(name)}} (position \(offset + 1))"
        case .emptyPlaceholder(let offset):
            ptBR = "tem um campo sem nome, {{}} (posição \(offset + 1))"
            en = "it has a field without a name, {{}} (position \(offset + 1))"
        }
        return RowRejection(
            code: .missingField,
            field: field,
            detail: "UNKNOWN_PLACEHOLDER",
            sentence: LocalizedSentence(
                ptBR: "A coluna \(field) está vazia e o template não serve para este arquivo: \(ptBR).",
                en: "Column \(field) is empty and the template does not fit this file: \(en)."
            )
        )
    }

    static func emptyMessage(field: String?) -> RowRejection {
        RowRejection(
            code: .emptyMessage,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "Não há texto para enviar: a linha não tem mensagem e a pasta não tem template.",
                en: "There is no text to send: the row has no message and the drop has no template."
            )
        )
    }

    static func messageTooLong(field: String?, segments: Int, limit: Int) -> RowRejection {
        RowRejection(
            code: .messageTooLong,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A mensagem ocupa \(segments) partes de SMS; o limite é \(limit).",
                en: "The message takes \(segments) SMS parts; the limit is \(limit)."
            )
        )
    }

    /// A template's text too long to be worth building (``FileValidator/renderByteLimit(maxSegments:)``).
    static func messageTooLong(field: String?, byteCount: Int, limit: Int) -> RowRejection {
        RowRejection(
            code: .messageTooLong,
            field: field,
            sentence: LocalizedSentence(
                ptBR:
                    "A mensagem, com os campos preenchidos, teria \(byteCount) bytes: passa de \(limit) partes de SMS, o limite.",
                en:
                    "The message, with its fields filled in, would take \(byteCount) bytes: more than \(limit) SMS parts, the limit."
            )
        )
    }

    static func duplicate(field: String, firstLine: Int) -> RowRejection {
        RowRejection(
            code: .duplicate,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "Mesmo número e mesmo texto da linha \(firstLine); enviado só uma vez.",
                en: "Same number and same text as line \(firstLine); sent only once."
            )
        )
    }

    static func optedOut(field: String) -> RowRejection {
        RowRejection(
            code: .optedOut,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "O número está na lista de opt-out (pediu para não receber mensagens); a linha não é enviada.",
                en: "The number is on the opt-out list (it asked not to receive messages); the row is not sent."
            )
        )
    }

    static func formula(field: String) -> RowRejection {
        RowRejection(
            code: .formula,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "A coluna \(field) contém uma fórmula de planilha; salve os valores, não as fórmulas.",
                en: "Column \(field) holds a spreadsheet formula; save the values, not the formulas."
            )
        )
    }

    static func invalidPriority(field: String, value: String) -> RowRejection {
        RowRejection(
            code: .invalidPriority,
            field: field,
            sentence: LocalizedSentence(
                ptBR: "Prioridade \"\(value)\" inválida; use ALTA, MEDIA ou BAIXA.",
                en: "Priority \"\(value)\" is not valid; use ALTA, MEDIA or BAIXA."
            )
        )
    }

    static func wrongColumnCount(found: Int, expected: Int, hint: Bool) -> RowRejection {
        let ptHint = hint ? " Se o texto contém \";\", coloque-o entre aspas." : ""
        let enHint = hint ? " If the text contains \";\", put it in quotes." : ""
        return RowRejection(
            code: .wrongColumnCount,
            field: nil,
            sentence: LocalizedSentence(
                ptBR: "A linha tem \(found) colunas; o cabeçalho tem \(expected).\(ptHint)",
                en: "The row has \(found) columns; the header has \(expected).\(enHint)"
            )
        )
    }
}
