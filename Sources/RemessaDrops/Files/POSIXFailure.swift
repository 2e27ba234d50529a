import Glibc
import RemessaCore

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

    package var description: String {
        "\(operation) \(ControlCharacterEscaping.escaped(path)): \(String(cString: strerror(errno)))"
    }
}
