#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a test server on 127.0.0.1, for the probes and requests of the sandboxes.
enum LoopbackSocket {
    /// A connected socket whose sends and receives give up after `timeout` (whole seconds, at least one); the
    /// caller closes it.
    static func connect(port: Int, timeout: Duration) throws(LoopbackError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopbackError("socket() failed") }
        var limit = timeval(tv_sec: max(1, Int(timeout.components.seconds)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LoopbackError("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
        return fd
    }
}

/// A loopback request that failed: nothing listening, no answer in time, not HTTP.
struct LoopbackError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
