#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A notification that could not be sent to systemd, or a `$NOTIFY_SOCKET` that cannot be used.
///
/// Compare by ``code``; ``description`` is safe to log (it holds a socket path and an `errno` text, never a
/// message payload).
package struct SystemdNotifierError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch over them with a `default`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unsupportedAddress
            case socketFailed
            case sendFailed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// `$NOTIFY_SOCKET` is neither a path nor an abstract name (for example `vsock:`), or is too long.
        package static let unsupportedAddress = Code(.unsupportedAddress)
        /// The datagram socket could not be created.
        package static let socketFailed = Code(.socketFailed)
        /// The datagram was not sent (no listener, the listener's queue is full, permission denied).
        package static let sendFailed = Code(.sendFailed)

        package var description: String {
            switch self.base {
            case .unsupportedAddress: "unsupported address"
            case .socketFailed: "socket failed"
            case .sendFailed: "send failed"
            }
        }
    }

    /// What failed.
    package let code: Code
    /// The `$NOTIFY_SOCKET` value involved.
    package let socket: String
    /// The `errno` of the failed call, when a call failed.
    package let errno: Int32?

    init(_ code: Code, socket: String, errno: Int32? = nil) {
        self.code = code
        self.socket = socket
        self.errno = errno
    }

    package var description: String {
        var text = "systemd notification \(self.code) (NOTIFY_SOCKET=\(self.socket))"
        if let errno = self.errno {
            text += ": \(String(cString: strerror(errno))) (errno \(errno))"
        }
        return text
    }
}
