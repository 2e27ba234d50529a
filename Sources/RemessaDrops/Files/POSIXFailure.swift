import RemessaCore
import RemessaSFTP

/// A failed system call on a local file.
package struct POSIXFailure: Error, Sendable, CustomStringConvertible {
    package var operation: String
    package var path: String
    package var errno: Int32

    package init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The system's words for ``errno``.
    package var reason: String { ErrnoError(number: errno).text }

    package var description: String {
        "\(operation) \(ControlCharacterEscaping.escaped(path)): \(reason)"
    }
}
