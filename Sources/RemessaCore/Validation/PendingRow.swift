/// A row that passed every check but the duplicate one, held by `FileValidator` so that the duplicate lookups
/// of several rows are made together (see ``FileValidator/flushPendingRows(_:)``).
struct PendingRow {
    let probe: DuplicateDetector.Probe
    let line: Int
    let destination: PhoneNumber
    let correlationID: String?
    let priority: Priority
    let encoding: SMSEncoding
    let segments: Int
    /// The message, built only when accepted rows are handed over.
    let message: EncodedMessage?
    let warnings: [RowWarning]
    let clientCode: String?
    let tag: String?

    /// The row's outcome: accepted with its message and warnings, or rejected without them.
    func outcome(rejection: RowRejection?) -> RowOutcome {
        RowOutcome(
            line: line,
            destination: destination.digits,
            correlationID: correlationID,
            priority: priority,
            message: rejection == nil ? message : nil,
            rejection: rejection,
            warnings: rejection == nil ? warnings : [],
            clientCode: rejection == nil ? clientCode : nil,
            tag: rejection == nil ? tag : nil
        )
    }
}
