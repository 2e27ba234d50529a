import Foundation
import RemessaCore

/// What `remessa check` prints: JSON for scripts (contract §7), or a summary a person reads at a glance.
struct CheckReport {
    let path: String
    let summary: FileSummary
    let firstRejections: [RowOutcome]
    let locale: ReasonLocale

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONReport(report: self)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    func text() -> String {
        var lines: [String] = []
        let verdict = summary.isAccepted ? "ACCEPTED" : "REJECTED (\(summary.fileError?.code.rawValue ?? ""))"
        lines.append("\(ControlCharacterEscaping.escaped(path)): \(verdict)")
        var shape: [String] = []
        if let layout = summary.layout { shape.append("layout \(layout.rawValue)") }
        shape.append("encoding \(summary.encoding.rawValue)")
        if let delimiter = summary.delimiter { shape.append("delimiter \(displayDelimiter(delimiter))") }
        if let subAccount = summary.subAccount { shape.append("sub-account \(subAccount)") }
        lines.append("  " + shape.joined(separator: ", "))
        lines.append(
            "  rows \(summary.rows)  accepted \(summary.accepted)  rejected \(summary.rejected)  "
                + "segments \(summary.segments)"
        )
        for error in summary.fileErrors.prefix(20) {
            let place = [error.line.map { "line \($0)" }, error.field].compactMap { $0 }.joined(separator: ", ")
            lines.append(
                "  \(error.code.rawValue)\(place.isEmpty ? "" : " (\(place))"): \(error.sentence.text(in: locale))"
            )
        }
        if summary.fileErrors.count > 20 { lines.append("  … \(summary.fileErrors.count - 20) more file errors") }
        for (code, count) in summary.reasons.sorted(by: {
            $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue)
        }) {
            lines.append("  \(code.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \(count)")
        }
        if !firstRejections.isEmpty {
            lines.append("  first rejected rows:")
            for row in firstRejections {
                guard let rejection = row.rejection else { continue }
                let field = rejection.field.map { " [\($0)]" } ?? ""
                lines.append(
                    "    line \(row.line)\(field) \(rejection.code.rawValue): \(rejection.sentence.text(in: locale))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

func displayDelimiter(_ byte: UInt8) -> String {
    byte == 0x09 ? "TAB" : String(UnicodeScalar(byte))
}

/// The JSON shape of contract §7, plus Remessa's own fields after it.
private struct JSONReport: Encodable {
    let report: CheckReport

    private enum Key: String, CodingKey {
        case file, layout, encoding, delimiter, rows, accepted, rejected, reasons, segments, fileError
        case fileErrors, subAccount, bytes, blankLines, startedWithBOM, columns, encodings, warnings
    }

    private struct FileErrorJSON: Encodable {
        let code: String
        let line: Int?
        let field: String?
        let message: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(line, forKey: .line)
            try container.encode(field, forKey: .field)
            try container.encode(message, forKey: .message)
        }

        private enum CodingKeys: String, CodingKey { case code, line, field, message }
    }

    func encode(to encoder: any Encoder) throws {
        let summary = report.summary
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(report.path, forKey: .file)
        try container.encode(summary.layout?.rawValue, forKey: .layout)
        try container.encode(summary.encoding.rawValue, forKey: .encoding)
        try container.encode(summary.delimiter.map { String(UnicodeScalar($0)) }, forKey: .delimiter)
        try container.encode(summary.rows, forKey: .rows)
        try container.encode(summary.accepted, forKey: .accepted)
        try container.encode(summary.rejected, forKey: .rejected)
        try container.encode(
            Dictionary(uniqueKeysWithValues: summary.reasons.map { ($0.key.rawValue, $0.value) }),
            forKey: .reasons
        )
        try container.encode(summary.segments, forKey: .segments)
        let errors = summary.fileErrors.map {
            FileErrorJSON(
                code: $0.code.rawValue,
                line: $0.line,
                field: $0.field,
                message: $0.sentence.text(in: report.locale)
            )
        }
        try container.encode(errors.first, forKey: .fileError)
        try container.encode(errors, forKey: .fileErrors)
        try container.encode(summary.subAccount, forKey: .subAccount)
        try container.encode(summary.bytes, forKey: .bytes)
        try container.encode(summary.blankLines, forKey: .blankLines)
        try container.encode(summary.startedWithBOM, forKey: .startedWithBOM)
        try container.encode(summary.columns, forKey: .columns)
        try container.encode(
            Dictionary(uniqueKeysWithValues: summary.messagesByEncoding.map { ($0.key.rawValue, $0.value) }),
            forKey: .encodings
        )
        try container.encode(summary.warnings, forKey: .warnings)
    }
}
