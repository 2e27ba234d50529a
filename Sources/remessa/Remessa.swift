import ArgumentParser

@main
struct Remessa: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remessa",
        abstract: "Remessa: client contact files to SMS messages.",
        subcommands: [
            CheckCommand.self, StatusCommand.self, BatchesCommand.self, BatchCommand.self, CancelCommand.self,
            DropCommand.self, OptOutCommand.self, BasesCommand.self, RepliesCommand.self,
            PurgeCommand.self, StoreCommand.self,
        ]
    )
}
