/// `replies.NNNN.csv`: the replies attributed to a drop's messages since the previous file (contract section 11).
public enum RepliesFile {
    public static let columns = [
        "received_at", "from", "text", "message_id", "file", "line", "correlation_id", "opt_out",
    ]

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    /// `receivedAt` is already ISO 8601 with its offset.
    public static func line(
        receivedAt: String,
        from: String,
        text: String,
        messageID: String,
        file: String,
        line: Int?,
        correlationID: String?,
        optOut: Bool
    ) -> String {
        OutputCSV.line([
            receivedAt, from, text, messageID, file, line.map(String.init) ?? "", correlationID ?? "",
            optOut ? "true" : "false",
        ])
    }

    /// `replies.0003.csv`.
    public static func name(number: Int) -> String {
        "replies." + DropReportNumber.padded(number) + ".csv"
    }
}

/// `optouts.NNNN.csv`: the changes to a drop's own opt-out list since the previous file (contract section 11).
public enum OptOutsFile {
    public static let columns = ["number", "action", "source", "at", "message_id"]

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    /// `action` is `add` or `remove`, `source` `reply`, `client` or `operator`; `at` ISO 8601 with its offset.
    public static func line(number: String, action: String, source: String, at: String, messageID: Int64?) -> String {
        OutputCSV.line([number, action, source, at, messageID.map { String($0) } ?? ""])
    }

    /// `optouts.0003.csv`.
    public static func name(number: Int) -> String {
        "optouts." + DropReportNumber.padded(number) + ".csv"
    }
}

enum DropReportNumber {
    /// At least four digits: `0001`, then `10000` after `9999`.
    static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
