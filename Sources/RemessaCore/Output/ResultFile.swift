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
    public static func line(_ outcome: RowOutcome, messageID: Int64? = nil, locale: ReasonLocale) -> String {
        var bytes: [UInt8] = []
        appendLine(outcome, messageID: messageID, locale: locale, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line of one row to `bytes`, cell by cell, in the order of ``columns``.
    public static func appendLine(
        _ outcome: RowOutcome,
        messageID: Int64? = nil,
        locale: ReasonLocale,
        to bytes: inout [UInt8]
    ) {
        let rejection = outcome.rejection
        OutputCSV.appendCell(outcome.line, to: &bytes)
        OutputCSV.appendDelimiter(to: &bytes)
        OutputCSV.appendCell(outcome.destination, to: &bytes)
        OutputCSV.appendDelimiter(to: &bytes)
        if let correlationID = outcome.correlationID { OutputCSV.appendCell(correlationID, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        OutputCSV.appendCell(rejection == nil ? "ACCEPTED" : "REJECTED", to: &bytes)
        OutputCSV.appendDelimiter(to: &bytes)
        if let rejection { OutputCSV.appendCell(rejection.code.rawValue, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if let rejection { OutputCSV.appendCell(rejection.sentence.text(in: locale), to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if let messageID { OutputCSV.appendCell(Int(messageID), to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if let message = outcome.message { OutputCSV.appendCell(message.segments, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        OutputCSV.appendCell(outcome.priority.rawValue, to: &bytes)
        OutputCSV.appendDelimiter(to: &bytes)
        if let message = outcome.message { OutputCSV.appendCell(message.encoding.rawValue, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if let field = rejection?.field { OutputCSV.appendCell(field, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if let detail = rejection?.detail { OutputCSV.appendCell(detail, to: &bytes) }
        OutputCSV.appendDelimiter(to: &bytes)
        if !outcome.warnings.isEmpty {
            let warnings = outcome.warnings.map { "\($0.code): \($0.sentence.text(in: locale))" }
            OutputCSV.appendCell(warnings.joined(separator: " | "), to: &bytes)
        }
        OutputCSV.appendLineEnd(to: &bytes)
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

    /// The error file of a file rejected as a whole: its errors and, when none of its rows is valid
    /// (`NO_VALID_ROWS`), one line per rejected row (the first ``FileSummary/rejectedSampleLimit``) with that row's
    /// code, line, field and sentence.
    public static func render(_ summary: FileSummary, locale: ReasonLocale, bom: Bool = true) -> String {
        var text = render(summary.fileErrors, locale: locale, bom: bom)
        guard summary.fileError?.code == .noValidRows else { return text }
        for row in summary.rejectedSample {
            text += OutputCSV.line([
                row.rejection.code.rawValue,
                String(row.line),
                row.rejection.field ?? "",
                row.rejection.sentence.text(in: locale),
            ])
        }
        return text
    }
}
