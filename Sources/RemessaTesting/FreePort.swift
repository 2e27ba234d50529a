import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Finds a TCP port on 127.0.0.1 that is free right now.
public enum FreePort {
    /// Every port handed out in this process.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port free right now that this process has never handed out before. Tests run side by side and a
    /// sandbox keeps its port across a kill and restart (or a gateway across a stop and start): while it is
    /// down the kernel would offer the same port to the next test, whose sshd would then answer the first
    /// test's client with other host keys. Another process could still take it before it is bound (unlikely);
    /// sshd's start then fails with its log in the error.
    public static func find() throws -> Int {
        for _ in 0..<64 {
            let port = try ephemeralPort()
            if handedOut.withLock({ $0.insert(port).inserted }) {
                return port
            }
        }
        throw SSHDSandboxError("no free port on 127.0.0.1 that this process has not handed out already")
    }

    /// Records `port`, bound by other means (a server told to listen on port 0), so ``find()`` never offers it.
    static func keep(_ port: Int) {
        _ = handedOut.withLock { $0.insert(port) }
    }

    /// Binds port 0, reads the port the kernel chose, and releases it.
    private static func ephemeralPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SSHDSandboxError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw SSHDSandboxError("cannot bind a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
