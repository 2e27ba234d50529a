#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only place that calls the socket API: one datagram on a fresh non-blocking `SOCK_DGRAM` socket.
///
/// A socket per message, as libsystemd's `sd_notify` does: messages are rare (a watchdog ping every few
/// seconds), and no descriptor stays open to leak into children or go stale when systemd re-executes.
enum DatagramSender {
    static func send(_ payload: [UInt8], to address: NotifySocketAddress) throws(SystemdNotifierError) {
        #if canImport(Glibc)
        let socketType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        #else
        let socketType = SOCK_DGRAM
        #endif
        let descriptor = socket(AF_UNIX, socketType, 0)
        guard descriptor >= 0 else {
            throw SystemdNotifierError(.socketFailed, socket: address.text, errno: errno)
        }
        defer { close(descriptor) }

        #if canImport(Glibc)
        // Never block (a full receive queue is an error, not a wait) and never raise SIGPIPE.
        let flags = Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL)
        #else
        let flags = MSG_DONTWAIT
        #endif
        while true {
            let sent = address.withSockAddr { sockAddr, length in
                payload.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, flags, sockAddr, length)
                }
            }
            if sent == payload.count { return }
            if sent < 0, errno == EINTR { continue }
            // A datagram is sent whole or not at all; a short count would mean a truncated message.
            throw SystemdNotifierError(.sendFailed, socket: address.text, errno: sent < 0 ? errno : EMSGSIZE)
        }
    }
}
