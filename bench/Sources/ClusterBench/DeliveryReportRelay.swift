import Foundation
import Glibc
import Synchronization

/// A TCP relay on 127.0.0.1 in front of every node's listener, where the test gateway posts its delivery reports:
/// each connection goes to the next node that accepts one (round robin, skipping a node that is down), so any node
/// may be killed and reports still arrive: a post cut by a kill fails at the gateway, which posts it again, and
/// the new connection reaches a live node. (Any node takes delivery reports for any route: no lease is needed.)
final class DeliveryReportRelay: Sendable {
    let port: Int
    private let backends: [Int]
    private let listener: Int32
    private let next = Mutex(0)
    private let stopped = Mutex(false)
    /// Connections relayed, and connections refused because no node accepted one.
    let counts = Mutex((relayed: 0, refused: 0))

    init(backends: [Int]) throws {
        self.backends = backends
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("relay: socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw BenchError("relay: cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in self.acceptLoop() }.start()
    }

    /// Stops accepting (connections in progress end on their own).
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            guard let server = connectToNode() else {
                counts.withLock { $0.refused += 1 }
                close(client)
                continue
            }
            counts.withLock { $0.relayed += 1 }
            let ended = EndCount()
            for (from, to) in [(client, server), (server, client)] {
                Thread {
                    Self.copy(from: from, to: to)
                    // The second direction to end closes both sockets.
                    if ended.increment() == 2 {
                        close(client)
                        close(server)
                    }
                }.start()
            }
        }
        close(listener)
    }

    /// A connection to the next node that accepts one, trying each node once.
    private func connectToNode() -> Int32? {
        let start = next.withLock { index in
            defer { index += 1 }
            return index
        }
        for offset in 0..<backends.count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { return nil }
            var address = Self.loopback(port: backends[(start + offset) % backends.count])
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if connected == 0 { return fd }
            close(fd)
        }
        return nil
    }

    /// Copies bytes until end of file or an error, then half-closes the destination.
    private static func copy(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        outer: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL))
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    break outer
                }
                offset += written
            }
        }
        shutdown(destination, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }
}

/// How many directions of one relayed connection have ended.
private final class EndCount: Sendable {
    private let count = Mutex(0)

    func increment() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
