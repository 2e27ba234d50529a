#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `errno` value with its `strerror` text: the underlying cause of local file and socket errors.
struct ErrnoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` value.
    var number: Int32

    /// `strerror(number)`.
    var text: String {
        String(cString: strerror(self.number))
    }

    var description: String {
        "\(self.text) (errno \(self.number))"
    }
}
