import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa batches`: the newest batches with their progress and sending rate.
struct BatchesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batches",
        abstract: "List the newest batches with their progress and sending rate.",
        discussion: """
            The rate counts the messages that left the queue in the last minute. Exit status: 0 ok, \
            64 usage error, 69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions

    @Option(help: "Only this drop's batches.")
    var drop: String?

    @Flag(help: "Only batches whose final file is not out yet.")
    var running = false

    @Option(help: "How many batches, newest first.")
    var limit: Int = 20

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await OperatorSession.run(command: "batches", options: options) { session in
            let store = session.store
            let since = Date().addingTimeInterval(-BatchProgress.window)
            let (drop, running, limit) = (drop, running, limit)
            let batches = try await session.usingStore {
                let batches = try await store.batches(unfinishedOnly: running, drop: drop, limit: limit)
                let sent = try await store.messagesSent(batchIDs: batches.map(\.id), since: since)
                return batches.map { BatchProgress(batch: $0, sentInWindow: sent[$0.id] ?? 0) }
            }
            switch options.format {
            case .json:
                print(JSONValue.object([("batches", .array(batches.map(\.json)))]).rendered(), terminator: "")
            case .text:
                print(Self.text(batches, style: .forStandardOutput()), terminator: "")
            }
        }
    }

    static func text(_ batches: [BatchProgress], style: TerminalStyle) -> String {
        guard !batches.isEmpty else { return "No batches.\n" }
        var table = TextTable([
            .init(title: "ID", alignment: .right),
            .init(title: "DROP"),
            .init(title: "FILE"),
            .init(title: "LABEL"),
            .init(title: "SENDER"),
            .init(title: "SCHEDULE"),
            .init(title: "CREATED"),
            .init(title: "MESSAGES", alignment: .right),
            .init(title: "PROGRESS"),
            .init(title: "RATE", alignment: .right),
            .init(title: "STATE"),
        ])
        for progress in batches {
            let batch = progress.batch
            table.append(
                [
                    String(batch.id), batch.drop,
                    Self.shortened(ControlCharacterEscaping.escaped(batch.fileName), to: 36),
                    batch.settings.label.map { Self.shortened(ControlCharacterEscaping.escaped($0), to: 24) } ?? "-",
                    batch.settings.sender.map(ControlCharacterEscaping.escaped) ?? "-",
                    batch.settings.scheduleText,
                    Timestamp.iso8601(batch.createdAt), String(batch.messages), progress.gauge.text,
                    progress.rateText,
                    progress.state.rawValue,
                ],
                colours: [8: progress.state.colour, 10: progress.state.colour]
            )
        }
        return table.lines(style: style).joined(separator: "\n") + "\n"
    }

    /// The name cut in the middle with `…` when longer than `length`, keeping its extension visible.
    static func shortened(_ name: String, to length: Int) -> String {
        guard name.count > length else { return name }
        let tail = (length - 1) / 2
        return String(name.prefix(length - 1 - tail)) + "…" + String(name.suffix(tail))
    }
}
