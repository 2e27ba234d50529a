import ArgumentParser

/// The options every operator command shares: where the daemon's configuration is, and how to print.
struct OperatorOptions: ParsableArguments {
    @Option(help: "The daemon's configuration file.")
    var config: String = "/etc/remessa/remessad.yaml"

    @Option(help: "text or json.")
    var format: OperatorFormat = .text
}

/// How an operator command prints: for a person, or for a script.
enum OperatorFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
