/// `<name>.dlr.NNNN.csv`: status changes since the previous DLR file (contract section 6).
public enum DLRFile {
    public static let columns = [
        "message_id", "correlation_id", "destination", "line", "status", "reason_code", "reason", "event_at",
    ]

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    /// `eventAt` is already ISO 8601 with its offset.
    public static func line(
        messageID: String,
        correlationID: String?,
        destination: String,
        line: Int,
        status: MessageStatus,
        reasonCode: String?,
        eventAt: String,
        locale: ReasonLocale
    ) -> String {
        OutputCSV.line([
            messageID, correlationID ?? "", destination, String(line), status.rawValue, reasonCode ?? "",
            status.sentence.text(in: locale), eventAt,
        ])
    }

    /// `clientes.csv.dlr.0003.csv`.
    public static func name(for fileName: String, number: Int) -> String {
        let digits = String(number)
        return fileName + ".dlr." + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".csv"
    }
}

/// `<name>.final.csv`: every message of a batch once all are terminal, in input order (contract section 6).
public enum FinalFile {
    public static let columns = [
        "line", "destination", "correlation_id", "message_id", "status", "reason_code", "reason", "segments",
        "submitted_at", "done_at", "text", "sender", "campaign", "client_code", "tag",
    ]

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    /// What every line of one batch's final file shares: the sender and the campaign (contract §11).
    public struct BatchColumns: Sendable, Equatable {
        /// The batch's sender, or the route's; empty for the gateway's default.
        public var sender: String
        /// The campaign's label; empty for a plain inbox file.
        public var campaign: String
        /// False (`reportText: false`): the `text` column stays empty.
        public var includesText: Bool

        public init(sender: String?, campaign: String?, includesText: Bool) {
            self.sender = sender ?? ""
            self.campaign = campaign ?? ""
            self.includesText = includesText
        }
    }

    /// Times are already ISO 8601 with their offset, or empty.
    public static func line(
        line: Int,
        destination: String,
        correlationID: String?,
        messageID: String,
        status: MessageStatus,
        reasonCode: String?,
        segments: Int,
        submittedAt: String,
        doneAt: String,
        text: String,
        clientCode: String?,
        tag: String?,
        batch: BatchColumns,
        locale: ReasonLocale
    ) -> String {
        OutputCSV.line([
            String(line), destination, correlationID ?? "", messageID, status.rawValue, reasonCode ?? "",
            status.sentence.text(in: locale), String(segments), submittedAt, doneAt,
            batch.includesText ? text : "", batch.sender, batch.campaign, clientCode ?? "", tag ?? "",
        ])
    }
}
