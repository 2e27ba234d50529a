import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 that forwards to a local server (the test sshd) and breaks the connection on command:
/// for tests of what a client does when the wire fails, and for benchmarks over added latency.
///
/// Every accepted connection is forwarded to `127.0.0.1:targetPort` by one helper thread (POSIX sockets and
/// `poll`). On command it cuts every connection (both directions), stalls (stops forwarding, keeps the sockets
/// open), black-holes (swallows what arrives and never answers, even new connections), adds a fixed latency each
/// way, or arms a cut after N more bytes in one direction, or a fault before the first chunk in a direction for
/// which a condition holds (say, "the file is already in processing/": the request was carried out, its reply is
/// lost).
/// A cut ends the connections of that moment; later connections are forwarded normally.
///
/// ```swift
/// let proxy = try FaultProxy(targetPort: sandbox.port)
/// proxy.cutAfter(bytes: 100_000, .toClient)   // mid-listing
/// …
/// proxy.stop()
/// ```
public final class FaultProxy: Sendable {
    /// Which way bytes travel.
    public enum Direction: Int, Sendable {
        /// From the client (the daemon) to the server.
        case toServer = 0
        /// From the server to the client.
        case toClient = 1
    }

    /// What the proxy does with the bytes it receives.
    public enum Mode: Sendable {
        /// Forward (after the latency).
        case forward
        /// Hold everything: read nothing, write nothing, keep the sockets open.
        case stall
        /// Read and discard everything; new connections are accepted and never reach the server.
        case blackHole
    }

    /// The port clients connect to.
    public let port: Int
    /// The server's port on 127.0.0.1.
    public let targetPort: Int
    let control: Mutex<Control>
    let listener: Int32
    /// A pipe that wakes the helper thread when a command arrives: read end, write end.
    let wake: (read: Int32, write: Int32)
    let finished = Mutex<Bool>(false)

    /// What the helper thread reads before each round: the commands and the counters.
    struct Control {
        var mode = Mode.forward
        var latency = Duration.zero
        var cutRequested = false
        var stopRequested = false
        var byteBudget: [Direction: Int] = [:]
        var trigger: Trigger?
        var forwarded: [Direction: Int] = [.toServer: 0, .toClient: 0]
        var cuts = 0
    }

    /// A condition checked before each chunk in a direction, and what to do when it holds (`nil`: cut).
    struct Trigger {
        let direction: Direction
        let holds: @Sendable () -> Bool
        let fault: Mode?
    }

    /// Listens on a free port of 127.0.0.1 and starts forwarding to `targetPort`.
    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SSHDSandboxError("FaultProxy: socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        // A port from FreePort, never port 0: the kernel's pick could be one FreePort has handed to a sandbox
        // that has not bound it yet, whose clients would then reach this proxy and another server's host key.
        var bound = false
        for _ in 0..<16 where !bound {
            address.sin_port = in_port_t(UInt16(try FreePort.find()).bigEndian)
            bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
            }
        }
        var pipeEnds: [Int32] = [0, 0]
        guard bound, listen(fd, 64) == 0, pipe(&pipeEnds) == 0 else {
            close(fd)
            throw SSHDSandboxError("FaultProxy: cannot listen on 127.0.0.1")
        }
        for descriptor in [fd] + pipeEnds {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.wake = (pipeEnds[0], pipeEnds[1])
        self.control = Mutex(Control())
        let thread = Thread { [self] in
            var loop = FaultProxyLoop(proxy: self)
            loop.run()
            self.finished.withLock { $0 = true }
        }
        thread.name = "FaultProxy:\(self.port)"
        thread.start()
    }

    /// Forwards again (after ``stall()`` or ``blackHole()``); what a stall held goes on.
    public func resume() { self.command { $0.mode = .forward } }
    /// Stops forwarding in both directions and keeps every socket open, until ``resume()``.
    public func stall() { self.command { $0.mode = .stall } }
    /// Swallows everything from now on and connects new clients to nothing, until ``resume()``.
    public func blackHole() { self.command { $0.mode = .blackHole } }
    /// Closes every current connection, both directions, at once.
    public func cut() { self.command { $0.cutRequested = true } }
    /// Holds every chunk `latency` before passing it on, each way.
    public func setLatency(_ latency: Duration) { self.command { $0.latency = latency } }

    /// Cuts every connection once `bytes` more bytes have been forwarded in `direction` (the rest of that chunk
    /// is dropped).
    public func cutAfter(bytes: Int, _ direction: Direction) {
        self.command { $0.byteBudget[direction] = max(0, bytes) }
    }

    /// Before each chunk in `direction`, asks `condition` (on the helper thread: keep it quick); when it holds,
    /// does `fault` instead of forwarding that chunk: cuts every connection, or stalls or black-holes until
    /// ``resume()``. Stays armed until ``disarm()``, so a condition that should fire once must say so itself.
    /// "The file is already in processing/" fires right after a rename was carried out, before its reply.
    public func on(
        _ direction: Direction,
        when condition: @escaping @Sendable () -> Bool,
        do fault: Mode? = nil
    ) {
        self.command { $0.trigger = Trigger(direction: direction, holds: condition, fault: fault) }
    }

    /// Removes what ``on(_:when:do:)`` and ``cutAfter(bytes:_:)`` armed.
    public func disarm() {
        self.command {
            $0.trigger = nil
            $0.byteBudget = [:]
        }
    }

    /// Bytes forwarded so far in `direction`.
    public func forwarded(_ direction: Direction) -> Int {
        self.control.withLock { $0.forwarded[direction] ?? 0 }
    }

    /// Cuts made so far (by command, byte count or condition).
    public var cuts: Int { self.control.withLock { $0.cuts } }

    /// Closes every connection and the listener, and ends the helper thread.
    public func stop() {
        self.command { $0.stopRequested = true }
        while !self.finished.withLock({ $0 }) {
            usleep(1000)
        }
        close(self.listener)
        close(self.wake.read)
        close(self.wake.write)
    }

    private func command(_ change: (inout Control) -> Void) {
        self.control.withLock { change(&$0) }
        var byte: UInt8 = 1
        _ = write(self.wake.write, &byte, 1)
    }
}
