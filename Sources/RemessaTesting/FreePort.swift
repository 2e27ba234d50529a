import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Finds a TCP port on 127.0.0.1 that is free right now.
public enum FreePort {
    /// Every port handed out in this process.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port free right now that this process has never handed out before, chosen below the kernel's
    /// ephemeral range. Tests run side by side and a sandbox keeps its port across a kill and restart (or a
    /// gateway across a stop and start): while it is down, a port in the ephemeral range could be given to any
    /// listener bound to port 0 (a fault proxy, a gateway) or used as the source port of an outgoing connection,
    /// and the first test's client would then reach another test's sshd, with other host keys. The kernel
    /// hands out no port below its ephemeral range by itself, and this process never hands one out twice.
    public static func find() throws -> Int {
        let ephemeral = ephemeralRange()
        let upper = max(2048, ephemeral.lowerBound)
        let lower = max(1024, upper - 12_000)
        for _ in 0..<256 {
            let port = Int.random(in: lower..<upper)
            guard handedOut.withLock({ !$0.contains(port) }), isFree(port) else { continue }
            if handedOut.withLock({ $0.insert(port).inserted }) {
                return port
            }
        }
        throw SSHDSandboxError("no free port on 127.0.0.1 below \(upper) that this process has not handed out already")
    }

    /// The kernel's ephemeral port range (`net.ipv4.ip_local_port_range`), Linux's default when unreadable.
    static func ephemeralRange() -> ClosedRange<Int> {
        guard
            let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        else { return 32768...60999 }
        let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32768...60999 }
        return bounds[0]...bounds[1]
    }

    /// Records `port`, bound by other means (a server told to listen on port 0), so ``find()`` never offers it.
    static func keep(_ port: Int) {
        _ = handedOut.withLock { $0.insert(port) }
    }

    /// Whether `port` on 127.0.0.1 can be bound right now (bound, then released).
    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        return withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
