import ArgumentParser
import Foundation
import RemessaStore

/// `remessa optout remove NUMBER…`: takes numbers off the opt-out list; the log keeps that they were there.
struct OptOutRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take numbers off the opt-out list.",
        discussion: """
            The list's log keeps who added and who removed each number. Exit status: 0 ok (also when a number \
            was not on the list), 64 usage error, 65 a number is not valid (nothing is removed), \
            69 store unavailable, 78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions
    @OptionGroup var target: OptOutListOptions
    @OptionGroup var change: OptOutChangeOptions

    @Argument(help: "Numbers as people write them.")
    var numbers: [String]

    func run() async throws {
        let destinations = OptOutNumbers.unique(try OptOutNumbers.normalised(numbers, command: "optout remove"))
        try await OperatorSession.run(command: "optout remove", options: options) { session in
            let store = session.store
            let list = try target.name(in: session)
            let (actor, reason) = (change.actor, change.reason)
            let (before, removed) = try await session.usingStore {
                var before: [String: SuppressionEntry] = [:]
                for destination in destinations {
                    before[destination] = try await store.suppression(destination, list: list)
                }
                let removed = try await store.removeSuppression(destinations, list: list, actor: actor, reason: reason)
                return (before, removed)
            }
            let results = destinations.map { OptOutResult(destination: $0, earlier: before[$0]) }
            switch options.format {
            case .json:
                let json = JSONValue.object([
                    ("list", .string(list)),
                    ("removed", .int(removed)),
                    ("notPresent", .int(destinations.count - removed)),
                    ("by", .string(actor)),
                    ("reason", .string(reason)),
                    ("numbers", .array(results.map { $0.json(ifAbsent: "notPresent", ifPresent: "removed") })),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                let absent = destinations.count - removed
                var text = "Removed \(OptOutResult.count(removed)) from \(target.described(list))"
                text += absent > 0 ? "; \(absent) \(absent == 1 ? "was" : "were") not on it.\n" : ".\n"
                for result in results {
                    text += "  " + result.destination + "  "
                    text +=
                        result.earlier.map { "removed (was on the list: " + OptOutResult.describe($0) + ")" }
                        ?? "not on the list"
                    text += "\n"
                }
                print(text, terminator: "")
            }
        }
    }
}
