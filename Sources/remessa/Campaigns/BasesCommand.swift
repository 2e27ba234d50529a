import ArgumentParser
import Foundation
import RemessaConfig
import RemessaCore
import RemessaStore

/// `remessa bases`: the saved bases of every drop, or of one (contract §10).
struct BasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bases",
        abstract: "List the saved bases (bases/ folders) with their rows and when they expire.",
        discussion: "Exit status: 0 ok, 64 usage error, 69 store unavailable, 78 configuration error."
    )

    @OptionGroup var options: OperatorOptions

    @Option(help: "Only this drop's bases.")
    var drop: String?

    func run() async throws {
        try await OperatorSession.run(command: "bases", options: options) { session in
            if let drop, session.configuration.drops[drop] == nil {
                throw OperatorExit.fail(
                    "bases",
                    "no drop \(drop) in \(options.config); drops: \(session.dropNames.joined(separator: ", "))",
                    ExitCode.validationFailure
                )
            }
            let store = session.store
            let drops = drop.map { [$0] } ?? session.dropNames
            let bases = try await session.usingStore {
                var bases: [SavedBase] = []
                for name in drops {
                    bases += try await store.savedBases(drop: name).filter { $0.state == .saved }
                }
                return bases
            }
            switch options.format {
            case .json:
                print(JSONValue.object([("bases", .array(bases.map(Self.json)))]).rendered(), terminator: "")
            case .text:
                print(Self.text(bases, style: .forStandardOutput()), terminator: "")
            }
        }
    }

    static func json(_ base: SavedBase) -> JSONValue {
        .object([
            ("drop", .string(base.drop)), ("name", .string(base.name)), ("layout", .optional(base.layout)),
            ("rows", .int(base.rows)), ("validRows", .int(base.validRows)), ("rejectedRows", .int(base.rejectedRows)),
            ("sha256", .string(base.sha256)), ("firstSavedAt", .timestamp(base.firstSavedAt)),
            ("savedAt", .timestamp(base.savedAt)), ("expiresAt", .timestamp(base.expiresAt)),
        ])
    }

    static func text(_ bases: [SavedBase], style: TerminalStyle) -> String {
        guard !bases.isEmpty else { return "No saved bases.\n" }
        var table = TextTable([
            .init(title: "DROP"),
            .init(title: "NAME"),
            .init(title: "ROWS", alignment: .right),
            .init(title: "VALID", alignment: .right),
            .init(title: "SAVED"),
            .init(title: "EXPIRES"),
        ])
        for base in bases {
            table.append([
                base.drop, ControlCharacterEscaping.escaped(base.name), String(base.rows), String(base.validRows),
                Timestamp.iso8601(base.savedAt), base.expiresAt.map { Timestamp.iso8601($0) } ?? "",
            ])
        }
        return table.lines(style: style).joined(separator: "\n") + "\n"
    }
}
