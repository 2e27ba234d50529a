#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `AF_UNIX` address named by `$NOTIFY_SOCKET`: a file system path (`/run/systemd/notify`) or, with a
/// leading `@`, a name in Linux's abstract namespace.
struct NotifySocketAddress: Sendable, Hashable {
    /// The bytes of `sun_path`: the path without a terminating NUL, or a NUL followed by the abstract name.
    let pathBytes: [UInt8]

    /// The value of `$NOTIFY_SOCKET` this address came from.
    let text: String

    /// Parses `$NOTIFY_SOCKET`; nil when it is neither a path nor an `@name`, or does not fit in `sun_path`.
    init?(_ text: String) {
        var bytes = Array(text.utf8)
        switch bytes.first {
        case UInt8(ascii: "/"):
            break
        case UInt8(ascii: "@"):
            bytes[0] = 0
        default:
            // systemd also knows `vsock:` addresses (for VMs); a daemon on a host never gets one.
            return nil
        }
        guard bytes.count > 1, !bytes.dropFirst().contains(0) else { return nil }
        // A path needs room for its terminating NUL; an abstract name is sized by the address length instead.
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - (bytes[0] == 0 ? 0 : 1)
        guard bytes.count <= capacity else { return nil }
        self.pathBytes = bytes
        self.text = text
    }

    /// Calls `body` with the address as a `sockaddr` and its length (which, for an abstract name, is what
    /// delimits the name).
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: self.pathBytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        let isAbstract = self.pathBytes.first == 0
        let length = pathOffset + self.pathBytes.count + (isAbstract ? 0 : 1)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
