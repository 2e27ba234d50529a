import ArgumentParser

/// `remessa store`: the daemon's store itself, as opposed to what is in it.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move the daemon's store: copy an idle SQLite store into an empty PostgreSQL database.",
        subcommands: [StoreCopyCommand.self]
    )
}
