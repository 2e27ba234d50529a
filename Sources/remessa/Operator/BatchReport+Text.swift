import RemessaCore
import RemessaStore

extension BatchReport {
    /// The detail a person reads: state and progress first, then the file, the counts, the outbox files.
    func text(style: TerminalStyle) -> String {
        var lines: [String] = []
        lines.append(
            style.paint("Batch \(file.id) · \(file.drop) · \(ControlCharacterEscaping.escaped(file.name))", .bold)
        )
        if let progress {
            let batch = progress.batch
            lines.append(
                "  state         " + style.paint(progress.state.rawValue, progress.state.colour)
                    + "  \(progress.gauge.text)  \(batch.terminalCount) of \(batch.messages) terminal"
                    + "  \(progress.rateText) over the last minute"
            )
        } else if file.outcome == .rejected {
            let reason = [file.errorCode, file.errorMessage].compactMap { $0 }.joined(separator: ": ")
            lines.append("  state         " + style.paint("rejected as a whole", .red) + " (no batch): \(reason)")
        } else if file.kind != .inbox, file.stage == .done {
            // A saved base or an opt-out upload is never sent: it has no batch to wait for.
            let what = file.kind == .base ? "a saved base (bases/)" : "an opt-out upload (optout/)"
            lines.append("  state         \(what), \(file.operatorState); never sent, so no batch")
        } else {
            lines.append("  state         no batch yet: the file is \(file.operatorState)")
        }
        lines += fileLines
        if let batch = progress?.batch {
            lines.append("  route         \(batch.route), \(batch.segments) SMS parts")
            let settings = batch.settings
            lines.append("  label         \(settings.label.map(ControlCharacterEscaping.escaped) ?? "-")")
            lines.append("  sender        \(settings.sender.map(ControlCharacterEscaping.escaped) ?? "the route's")")
            lines.append("  send at       \(settings.sendAt.map { Timestamp.iso8601($0) } ?? "at once")")
            lines.append("  send until    \(settings.sendUntil.map { Timestamp.iso8601($0) } ?? "the drop's ttl")")
            lines.append("  created       \(Timestamp.iso8601(batch.createdAt))")
            lines.append("  cancelled     \(batch.cancelledAt.map { Timestamp.iso8601($0) } ?? "no")")
            lines.append(
                "  final file    " + (batch.finishedAt.map { "published \(Timestamp.iso8601($0))" } ?? "not yet")
            )
            lines.append("")
            lines += statusLines(style: style)
        }
        if !publications.isEmpty {
            lines.append("")
            lines += publicationLines(style: style)
        }
        if !failures.isEmpty {
            lines.append("")
            lines += failureLines(style: style)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var fileLines: [String] {
        var shape = ["layout \(file.layout ?? "-")", "encoding \(file.encoding ?? "-")"]
        if let movedTo = file.movedTo { shape.append("moved to \(movedTo)") }
        return [
            "  file          #\(file.id) \(ControlCharacterEscaping.escaped(file.name)): \(file.operatorState), "
                + shape.joined(separator: ", "),
            "  rows          \(file.rows): \(file.accepted) accepted, \(file.rejected) rejected",
            "  claimed       \(Timestamp.iso8601(file.claimedAt))",
        ]
    }

    private func statusLines(style: TerminalStyle) -> [String] {
        var table = TextTable([
            .init(title: "STATUS"),
            .init(title: "COUNT", alignment: .right),
            .init(title: "pt-BR"),
            .init(title: "English"),
        ])
        for (status, count) in progress?.presentStatuses ?? [] {
            let colour: TerminalStyle.Colour? =
                !status.isTerminal ? .yellow : status == .delivered ? .green : status == .cancelled ? .dim : .red
            table.append(
                [status.rawValue, String(count), status.sentence.ptBR, status.sentence.en],
                colours: colour.map { [0: $0] } ?? [:]
            )
        }
        return table.isEmpty ? ["  no messages"] : table.lines(indent: "  ", style: style)
    }

    private func publicationLines(style: TerminalStyle) -> [String] {
        var table = TextTable([.init(title: "OUTBOX FILE"), .init(title: "KIND"), .init(title: "PUBLISHED")])
        for publication in publications {
            let kind = publication.kind == .dlr ? "dlr \(publication.number)" : publication.kind.rawValue
            table.append(
                [
                    ControlCharacterEscaping.escaped(publication.publishedName ?? publication.name), kind,
                    publication.publishedAt.map { Timestamp.iso8601($0) } ?? "pending",
                ],
                colours: publication.isPublished ? [:] : [2: .yellow]
            )
        }
        return table.lines(indent: "  ", style: style)
    }

    private func failureLines(style: TerminalStyle) -> [String] {
        var table = TextTable([
            .init(title: "LINE", alignment: .right),
            .init(title: "DESTINATION"),
            .init(title: "STATUS"),
            .init(title: "REASON"),
        ])
        for message in failures {
            table.append([
                String(message.line), PersonalDataMask.phone(message.destination), message.status.rawValue,
                message.reasonCode ?? "",
            ])
        }
        return ["  First failed messages:"] + table.lines(indent: "  ", style: style)
    }
}
