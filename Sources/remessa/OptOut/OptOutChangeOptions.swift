import ArgumentParser
import Foundation

/// Who changes the opt-out list and why: kept in the list's log.
struct OptOutChangeOptions: ParsableArguments {
    @Option(help: "Why, kept with the change (a ticket, \"pediu por SAC\", …).")
    var reason: String = ""

    @Option(help: "Who makes the change (default: $SUDO_USER, else $USER, else \"operator\").")
    var by: String?

    /// `--by`, else the person behind `sudo`, else the login, else `operator`.
    var actor: String {
        if let by, !by.isEmpty { return by }
        let environment = ProcessInfo.processInfo.environment
        for name in ["SUDO_USER", "USER"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return "operator"
    }
}
