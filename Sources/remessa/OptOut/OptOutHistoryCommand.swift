import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa optout history NUMBER`: every addition and removal of one number, kept after a removal.
struct OptOutHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show who added and removed a number, when and why.",
        discussion: """
            Exit status: 0 ok (also for a number never on the list), 64 usage error, 65 the number is not \
            valid, 69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions
    @OptionGroup var target: OptOutListOptions

    @Argument(help: "The number, as people write it.")
    var number: String

    func run() async throws {
        guard let destination = try OptOutNumbers.normalised([number], command: "optout history").first else { return }
        try await OperatorSession.run(command: "optout history", options: options) { session in
            let store = session.store
            let list = try target.name(in: session)
            let history = try await session.usingStore { try await store.suppressionHistory(destination, list: list) }
            switch options.format {
            case .json:
                let json = JSONValue.object([
                    ("list", .string(list)),
                    ("destination", .string(destination)),
                    ("suppressed", .bool(history.last?.action == .added)),
                    ("changes", .array(history.map(\.json))),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                print(Self.text(history, destination: destination, style: .forStandardOutput()), terminator: "")
            }
        }
    }

    static func text(_ history: [SuppressionLogEntry], destination: String, style: TerminalStyle) -> String {
        guard let last = history.last else { return "\(destination) was never on the opt-out list.\n" }
        var table = TextTable([
            .init(title: "WHEN"), .init(title: "ACTION"), .init(title: "BY"), .init(title: "REASON"),
        ])
        for change in history {
            table.append(
                [
                    Timestamp.iso8601(change.at), change.action.rawValue, change.actor,
                    change.reason.isEmpty ? "-" : change.reason,
                ]
            )
        }
        let state = last.action == .added ? "is on the opt-out list" : "is not on the opt-out list"
        return "\(destination) \(state).\n" + table.lines(style: style).joined(separator: "\n") + "\n"
    }
}

extension SuppressionLogEntry {
    var json: JSONValue {
        .object([
            ("at", .timestamp(at)),
            ("action", .string(action.rawValue)),
            ("source", .string(source.rawValue)),
            ("messageId", messageID.map { .int(Int($0)) } ?? .null),
            ("by", .string(actor)),
            ("reason", .string(reason)),
        ])
    }
}
