import ArgumentParser
import Foundation
import RemessaStore

/// `remessa optout add NUMBER…`: puts numbers on the opt-out list.
struct OptOutAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Put numbers on the opt-out list.",
        discussion: """
            A number already on the list keeps its first date, author and reason. Exit status: 0 ok, \
            64 usage error, 65 a number is not valid (nothing is added), 69 store unavailable, \
            78 configuration error.
            """
    )

    @OptionGroup var options: OperatorOptions
    @OptionGroup var target: OptOutListOptions
    @OptionGroup var change: OptOutChangeOptions

    @Argument(help: "Numbers as people write them: \"(11) 98765-4321\", 5511987654321, +1 212 555 0100.")
    var numbers: [String]

    func run() async throws {
        let destinations = OptOutNumbers.unique(try OptOutNumbers.normalised(numbers, command: "optout add"))
        try await OperatorSession.run(command: "optout add", options: options) { session in
            let store = session.store
            let list = try target.name(in: session)
            let (actor, reason) = (change.actor, change.reason)
            let (before, added) = try await session.usingStore {
                var before: [String: SuppressionEntry] = [:]
                for destination in destinations {
                    before[destination] = try await store.suppression(destination, list: list)
                }
                let added = try await store.addSuppression(destinations, list: list, actor: actor, reason: reason)
                return (before, added)
            }
            let results = destinations.map { OptOutResult(destination: $0, earlier: before[$0]) }
            switch options.format {
            case .json:
                let json = JSONValue.object([
                    ("list", .string(list)),
                    ("added", .int(added)),
                    ("alreadyPresent", .int(destinations.count - added)),
                    ("by", .string(actor)),
                    ("reason", .string(reason)),
                    ("numbers", .array(results.map { $0.json(ifAbsent: "added", ifPresent: "alreadyPresent") })),
                ])
                print(json.rendered(), terminator: "")
            case .text:
                let present = destinations.count - added
                var text = "Added \(OptOutResult.count(added)) to \(target.described(list))"
                text += present > 0 ? "; \(present) \(present == 1 ? "was" : "were") already on it.\n" : ".\n"
                for result in results {
                    text += "  " + result.destination + "  "
                    text += result.earlier.map { "already on the list: " + OptOutResult.describe($0) } ?? "added"
                    text += "\n"
                }
                print(text, terminator: "")
            }
        }
    }
}
