import Glibc
import RemessaCore

/// A failed system call on a local file.
public struct POSIXFailure: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(operation) \(ControlCharacterEscaping.escaped(path)): \(String(cString: strerror(errno)))"
    }
}
