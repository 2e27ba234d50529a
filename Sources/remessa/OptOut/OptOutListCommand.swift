import ArgumentParser
import Foundation
import RemessaCore
import RemessaStore

/// `remessa optout list`: the numbers on the opt-out list, in full, with who added them, when and why.
struct OptOutListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the numbers on the opt-out list, with who added them, when and why.",
        discussion: """
            Numbers are shown in full (operators manage them); they are never written to logs. Exit status: \
            0 ok, 64 usage error, 69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions
    @OptionGroup var target: OptOutListOptions

    @Option(help: "Only numbers that contain these digits (anything else typed is ignored).")
    var search: String?

    @Option(help: "How many numbers, in numeric order.")
    var limit: Int = 100

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        if let search, !search.contains(where: \.isASCIIDigit) {
            throw ValidationError("--search needs some digits of the number")
        }
    }

    func run() async throws {
        try await OperatorSession.run(command: "optout list", options: options) { session in
            let store = session.store
            let list = try target.name(in: session)
            let digits = search.map { String($0.filter(\.isASCIIDigit)) }
            let limit = limit
            let (entries, total) = try await session.usingStore {
                (
                    try await store.suppressions(list: list, matching: digits, limit: limit),
                    try await store.suppressionCount(list: list, matching: digits)
                )
            }
            switch options.format {
            case .json:
                let json = JSONValue.object([
                    ("list", .string(list)),
                    ("search", .optional(digits)),
                    ("total", .int(total)),
                    ("entries", .array(entries.map(\.json))),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                print(Self.text(entries, total: total, search: digits, style: .forStandardOutput()), terminator: "")
            }
        }
    }

    static func text(_ entries: [SuppressionEntry], total: Int, search: String?, style: TerminalStyle) -> String {
        guard !entries.isEmpty else {
            return search.map { "No number on the opt-out list contains \($0).\n" } ?? "The opt-out list is empty.\n"
        }
        var table = TextTable([
            .init(title: "NUMBER"), .init(title: "ADDED"), .init(title: "BY"), .init(title: "REASON"),
        ])
        for entry in entries {
            // A dash, not an empty cell, where no reason was given: a blank last column reads as a cut line.
            let reason = entry.reason.isEmpty ? "-" : entry.reason
            table.append([entry.destination, Timestamp.iso8601(entry.addedAt), entry.addedBy, reason])
        }
        var text = table.lines(style: style).joined(separator: "\n") + "\n"
        let matching = search.map { " containing \($0)" } ?? ""
        if entries.count < total {
            text += "\(entries.count) of \(total) numbers\(matching); --limit or --search for others.\n"
        } else {
            text += "\(OptOutResult.count(total))\(matching) on the list.\n"
        }
        return text
    }
}

extension SuppressionEntry {
    var json: JSONValue {
        .object([
            ("destination", .string(destination)),
            ("addedAt", .timestamp(addedAt)),
            ("addedBy", .string(addedBy)),
            ("reason", .string(reason)),
        ])
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
