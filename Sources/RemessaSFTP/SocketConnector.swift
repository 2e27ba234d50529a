#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens TCP connections with a deadline: a non-blocking `connect` watched with `poll`.
///
/// libssh2 takes a connected socket and has no connect timeout of its own. Name resolution (`getaddrinfo`) is
/// not bounded by the deadline; use an address or a name the resolver answers from `/etc/hosts` for hosts whose
/// DNS may hang.
enum SocketConnector {
    /// Connects to `host`:`port`, trying each resolved address until one answers, within `timeout` overall.
    /// The returned descriptor is in blocking mode with `TCP_NODELAY` and `SO_KEEPALIVE` set.
    static func connect(host: String, port: Int, timeout: Duration) throws(SFTPError) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw SFTPError(code: .connectionFailed, operation: "resolve", detail: "cannot resolve \(host): \(reason)")
        }
        defer { freeaddrinfo(list) }

        var lastError = SFTPError(code: .connectionFailed, operation: "connect", detail: "no usable address")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            do {
                return try self.connect(to: address.pointee, deadline: deadline, host: host, port: port)
            } catch {
                lastError = error
                if error.code == .timeout {
                    break
                }
            }
        }
        throw lastError
    }

    private static func connect(
        to address: addrinfo,
        deadline: ContinuousClock.Instant,
        host: String,
        port: Int
    ) throws(SFTPError) -> Int32 {
        // Close-on-exec: a child process (a helper tool, a test's sshd) must not keep the connection open.
        let fd = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard fd >= 0 else {
            throw self.error("socket", errno, host: host, port: port)
        }
        var success = false
        defer {
            if !success {
                close(fd)
            }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if posixConnect(fd, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                throw self.error("connect", errno, host: host, port: port)
            }
            try self.waitWritable(fd, deadline: deadline, host: host, port: port)
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            guard socketError == 0 else {
                throw self.error("connect", socketError, host: host, port: port)
            }
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        success = true
        return fd
    }

    private static func waitWritable(
        _ fd: Int32,
        deadline: ContinuousClock.Instant,
        host: String,
        port: Int
    ) throws(SFTPError) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            let milliseconds = max(0, remaining.milliseconds)
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, Int32(clamping: milliseconds))
            if ready > 0 {
                return
            }
            if ready == 0 {
                throw SFTPError(
                    code: .timeout,
                    operation: "connect",
                    detail: "no answer from \(host):\(port) within the connect timeout"
                )
            }
            if errno != EINTR {
                throw self.error("poll", errno, host: host, port: port)
            }
        }
    }

    private static func error(_ operation: String, _ number: Int32, host: String, port: Int) -> SFTPError {
        let cause = ErrnoError(number: number)
        return SFTPError(
            code: .connectionFailed,
            operation: operation,
            detail: "\(host):\(port): \(cause.text)",
            underlying: cause
        )
    }
}

/// `connect(2)`, named apart from ``SocketConnector/connect(host:port:timeout:)``.
private func posixConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}
