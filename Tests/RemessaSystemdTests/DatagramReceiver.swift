#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RemessaTesting

/// A bound `AF_UNIX` `SOCK_DGRAM` socket standing in for systemd's notify socket.
final class DatagramReceiver {
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(_ call: String, errno: Int32 = Glibc.errno) {
            self.description = "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }

    /// The value to put in `NOTIFY_SOCKET`.
    let notifySocket: String
    private let descriptor: Int32
    private let directory: URL?

    /// A socket at a path in a fresh temporary directory.
    static func atPath() throws -> DatagramReceiver {
        let directory = URL(fileURLWithPath: try TemporaryDirectory.create(prefix: "remessa-notify"))
        let path = directory.appendingPathComponent("notify").path
        return try DatagramReceiver(notifySocket: path, sunPath: Array(path.utf8) + [0], directory: directory)
    }

    /// A socket in the abstract namespace.
    static func abstract() throws -> DatagramReceiver {
        let name = "remessa-test-\(UUID().uuidString)"
        return try DatagramReceiver(notifySocket: "@" + name, sunPath: [0] + Array(name.utf8), directory: nil)
    }

    private init(notifySocket: String, sunPath: [UInt8], directory: URL?) throws {
        self.notifySocket = notifySocket
        self.directory = directory
        self.descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard self.descriptor >= 0 else { throw Failure("socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: sunPath) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + sunPath.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(self.descriptor, $0, length) }
        }
        guard bound == 0 else {
            let failure = Failure("bind")
            close(self.descriptor)
            throw failure
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(self.descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(self.descriptor)
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The next datagram, waiting up to 10 seconds.
    func receive() throws -> String {
        try self.receive(flags: 0) ?? ""
    }

    /// A datagram already queued, or nil.
    func receiveIfQueued() throws -> String? {
        try self.receive(flags: Int32(MSG_DONTWAIT))
    }

    private func receive(flags: Int32) throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, flags) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK, flags != 0 { return nil }
            throw Failure("recv")
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
