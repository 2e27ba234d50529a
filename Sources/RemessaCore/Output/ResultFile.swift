/// `<name>.result.csv`: one line per data row of the input, in input order (contract §6).
public enum ResultFile {
    /// The contract's columns, then Remessa's own (`priority`, `encoding`, `detail`, `warnings`).
    public static let columns = [
        "line", "destination", "correlation_id", "status", "reason_code", "reason", "message_id", "segments",
        "priority", "encoding", "field", "detail", "warnings",
    ]

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    /// The line of one row. `messageID` is the store's id once the daemon has accepted the file.
    public static func line(_ outcome: RowOutcome, messageID: String? = nil, locale: ReasonLocale) -> String {
        let rejection = outcome.rejection
        let warnings = outcome.warnings.map { "\($0.code): \($0.sentence.text(in: locale))" }
        return OutputCSV.line([
            String(outcome.line),
            outcome.destination,
            outcome.correlationID ?? "",
            rejection == nil ? "ACCEPTED" : "REJECTED",
            rejection?.code.rawValue ?? "",
            rejection?.sentence.text(in: locale) ?? "",
            messageID ?? "",
            outcome.message.map { String($0.segments) } ?? "",
            outcome.priority.rawValue,
            outcome.message?.encoding.rawValue ?? "",
            rejection?.field ?? "",
            rejection?.detail ?? "",
            warnings.joined(separator: " | "),
        ])
    }
}

/// `<name>.error.csv`: why a whole file was rejected, one line per problem (contract §6).
public enum ErrorFile {
    public static let columns = ["code", "line", "field", "message"]

    public static func render(_ rejections: [FileRejection], locale: ReasonLocale, bom: Bool = true) -> String {
        var text = (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
        for rejection in rejections {
            text += OutputCSV.line([
                rejection.code.rawValue,
                rejection.line.map(String.init) ?? "",
                rejection.field ?? "",
                rejection.sentence.text(in: locale),
            ])
        }
        return text
    }
}
