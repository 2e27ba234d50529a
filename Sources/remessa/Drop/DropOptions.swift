import ArgumentParser

/// The options and the `DROP` argument every `remessa drop` subcommand takes first.
struct DropOptions: ParsableArguments {
    @OptionGroup var common: OperatorOptions

    @Flag(help: "Log the transport's steps (connection, transfers) on stderr.")
    var verbose = false

    @Argument(help: "The drop's name in the configuration.")
    var drop: String
}
