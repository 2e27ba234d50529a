import ArgumentParser

@main
struct Remessa: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remessa",
        abstract: "Remessa: client contact files to SMS messages.",
        subcommands: [CheckCommand.self]
    )
}
