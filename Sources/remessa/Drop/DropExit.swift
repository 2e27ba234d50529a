import ArgumentParser

/// The exit statuses of `remessa drop` (sysexits.h).
enum DropExit {
    /// EX_USAGE: bad arguments, or a drop the configuration does not have.
    static let usage = ExitCode(64)
    /// EX_NOINPUT: the remote file or folder, or the local file to send, does not exist.
    static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: the drop cannot be reached (connection, host key, login, server refusal).
    static let unavailable = ExitCode(69)
    /// EX_CANTCREAT: the local file exists (without `--force`) or cannot be created.
    static let cannotCreate = ExitCode(73)
    /// EX_IOERR: reading or writing a local file failed.
    static let localIO = ExitCode(74)
    /// EX_CONFIG: the configuration file is missing or wrong, or a secret cannot be read.
    static let configuration = ExitCode(78)
}
