import ArgumentParser

/// The exit statuses of the operator commands (sysexits.h where one fits).
enum OperatorExit {
    static let notFound = ExitCode(1)
    /// EX_USAGE: the command does not apply (to this configuration).
    static let usageError = ExitCode(64)
    /// EX_NOINPUT: the input named does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: the store cannot be opened or read.
    static let storeUnavailable = ExitCode(69)
    /// EX_CONFIG: the configuration file is missing or wrong.
    static let configurationError = ExitCode(78)

    /// Prints `message` on stderr, prefixed with the command's name, and returns `code` to throw.
    static func fail(_ command: String, _ message: String, _ code: ExitCode) -> ExitCode {
        printError("remessa \(command): \(message)")
        return code
    }
}
