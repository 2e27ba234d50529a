import ArgumentParser
import RemessaDrops

/// A local file `get` cannot write or `put` cannot read; `description` names the path and the reason.
struct DropLocalFileError: Error, CustomStringConvertible {
    var description: String
    var exitCode: ExitCode

    /// `path` exists and `--force` was not given.
    static func exists(_ path: String) -> Self {
        Self(description: "\(path) exists; pass --force to replace it", exitCode: DropExit.cannotCreate)
    }

    /// A system call on `path` failed with `errno`.
    static func system(_ operation: String, _ path: String, errno number: Int32, exitCode: ExitCode) -> Self {
        let failure = POSIXFailure(operation: operation, path: path, errno: number)
        return Self(description: "cannot \(operation) \(path): \(failure.reason)", exitCode: exitCode)
    }
}
