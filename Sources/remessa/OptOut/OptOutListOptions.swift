import ArgumentParser
import RemessaConfig
import RemessaCore

/// Which opt-out list a command works on: a drop's own (`--drop`), a shared one (`--list`), else `global`.
struct OptOutListOptions: ParsableArguments {
    @Option(help: "A drop's own list: the numbers that opted out of that client's messages.")
    var drop: String?

    @Option(help: "A shared list (default: global, which every drop subscribes to unless its optOutLists says not).")
    var list: String?

    func validate() throws {
        if drop != nil, list != nil { throw ValidationError("--drop and --list name one list: give only one") }
        if let list, !OptOutListName.isSharedName(list) {
            throw ValidationError("--list takes a shared list's name: ASCII letters, digits, _ and -")
        }
    }

    /// The store's name of the list; a `--drop` must be configured (a typo would otherwise make a new list).
    func name(in session: OperatorSession) throws -> String {
        guard let drop else { return list ?? OptOutListName.global }
        guard session.configuration.drops[drop] != nil else {
            let known = session.dropNames.joined(separator: ", ")
            throw OperatorExit.fail(
                session.command,
                "no drop is called \(drop) in the configuration (drops: \(known.isEmpty ? "none" : known))",
                ExitCode(64)
            )
        }
        return OptOutListName.own(drop: drop)
    }

    /// How the list is named to people: `the opt-out list` (global), `drop acme's opt-out list`, `the shared
    /// opt-out list bancos`.
    func described(_ name: String) -> String {
        if let drop = OptOutListName.drop(of: name) { return "drop \(drop)'s opt-out list" }
        return name == OptOutListName.global ? "the opt-out list" : "the shared opt-out list \(name)"
    }
}
