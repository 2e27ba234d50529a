/// `<name>.optout.csv`: the answer to a client's opt-out upload (contract §11), one line per data line in file
/// order: `line;number;action;status;reason`, then `message` (the reason's sentence in the drop's locale).
///
/// The client's own file: numbers are never masked here (they are in logs).
public enum OptOutAnswerFile {
    public static let columns = ["line", "number", "action", "status", "reason", "message"]
    public static let applied = "APPLIED"
    public static let rejected = "REJECTED"

    public static func header(bom: Bool = true) -> String {
        (bom ? OutputCSV.byteOrderMark : "") + OutputCSV.line(columns)
    }

    public static func line(_ judged: OptOutUploadLine, locale: ReasonLocale) -> String {
        switch judged.verdict {
        case .apply:
            OutputCSV.line([String(judged.line), judged.number, judged.action, applied, "", ""])
        case .reject(let reason, let sentence):
            OutputCSV.line([
                String(judged.line), judged.number, judged.action, rejected, reason.rawValue, sentence.text(in: locale),
            ])
        }
    }

    /// `clientes.csv.optout.csv`.
    public static let suffix = ".optout.csv"
}
