/// The verdict on one data line of a file: accepted with its final message, or rejected with a reason.
public struct RowOutcome: Sendable, Hashable {
    /// Physical line of the file where the row starts (1-based, what an editor shows).
    public var line: Int
    /// E.164 digits when the number is valid, otherwise the value as the client wrote it.
    public var destination: String
    public var correlationID: String?
    public var priority: Priority
    /// The message to send; `nil` when the row is rejected.
    public var message: EncodedMessage?
    public var rejection: RowRejection?
    public var warnings: [RowWarning]
    /// The row's `CODCLIENTE` and `TAG`, when the layout has them and the row is accepted.
    public var clientCode: String?
    public var tag: String?

    public var isAccepted: Bool { rejection == nil }

    public init(
        line: Int,
        destination: String,
        correlationID: String?,
        priority: Priority,
        message: EncodedMessage?,
        rejection: RowRejection?,
        warnings: [RowWarning] = [],
        clientCode: String? = nil,
        tag: String? = nil
    ) {
        self.line = line
        self.destination = destination
        self.correlationID = correlationID
        self.priority = priority
        self.message = message
        self.rejection = rejection
        self.warnings = warnings
        self.clientCode = clientCode
        self.tag = tag
    }
}

/// Something worth telling the client about an accepted row that does not stop it (a bad CPF/CNPJ).
public struct RowWarning: Sendable, Hashable {
    /// Stable code, e.g. `INVALID_CPFCNPJ`.
    public var code: String
    public var field: String
    public var sentence: LocalizedSentence

    public init(code: String, field: String, sentence: LocalizedSentence) {
        self.code = code
        self.field = field
        self.sentence = sentence
    }
}
