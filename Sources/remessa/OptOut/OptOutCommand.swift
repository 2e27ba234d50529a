import ArgumentParser

/// `remessa optout`: the suppression list, whose numbers the daemon never sends to.
struct OptOutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optout",
        abstract: "Manage the opt-out lists: numbers that never get a message.",
        discussion: """
            Numbers are read as the daemon reads a file's (national numbers get country code 55) and kept as \
            E.164 digits. A row of a client file whose number is on the list is rejected as OPTED_OUT in its \
            result file. Every addition and removal is kept with who, when and why, even after a removal. \
            Each drop has its own list (--drop, which replies and the client's optout/ uploads change too) and \
            subscribes to shared lists (--list; default global, the list a command without either changes).
            """,
        subcommands: [
            OptOutAddCommand.self, OptOutRemoveCommand.self, OptOutListCommand.self, OptOutImportCommand.self,
            OptOutHistoryCommand.self,
        ]
    )
}
