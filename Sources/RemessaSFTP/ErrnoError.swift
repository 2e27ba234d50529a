#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `errno` value with its `strerror` text: the underlying cause of local file and socket errors, and the one
/// place an `errno` becomes text (RemessaDrops' `POSIXFailure`, the CLI's local file errors).
package struct ErrnoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` value.
    package var number: Int32

    package init(number: Int32) {
        self.number = number
    }

    /// `strerror(number)`.
    package var text: String {
        String(cString: strerror(self.number))
    }

    package var description: String {
        "\(self.text) (errno \(self.number))"
    }
}
