#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a server's algorithm lists from its `SSH_MSG_KEXINIT`, to explain a failed handshake.
///
/// libssh2 reports a failed negotiation without the server's lists. An SSH server sends its KEXINIT in clear
/// right after the version banners, so a second connection that sends a banner and reads one packet learns them;
/// it then closes without negotiating anything.
enum SSHKexProbe {
    /// The server's ten name-lists (kex, host key, ciphers ×2, MACs ×2, compression ×2, languages ×2).
    static func serverAlgorithms(host: String, port: Int, timeout: Duration) throws(SFTPError) -> [[String]] {
        let fd = try SocketConnector.connect(host: host, port: port, timeout: timeout)
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        if limit.tv_sec == 0 {
            limit.tv_sec = 1
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let banner = Array("SSH-2.0-RemessaProbe\r\n".utf8)
        guard send(fd, banner, banner.count, Int32(MSG_NOSIGNAL)) == banner.count else {
            throw SFTPError(code: .connectionLost, operation: "kexinit probe")
        }
        var buffer: [UInt8] = []
        let packetStart = try Self.readBanner(fd, into: &buffer)
        var packet = Array(buffer[packetStart...])
        try Self.read(fd, into: &packet, atLeast: 5)
        let length = Int(packet[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length >= 5, length <= 256 * 1024 else {
            throw SFTPError(code: .protocolError, operation: "kexinit probe", detail: "bad packet length \(length)")
        }
        try Self.read(fd, into: &packet, atLeast: 4 + length)
        var reader = SSHWireReader(bytes: Array(packet[4..<(4 + length)]))
        guard reader.byte() != nil, reader.byte() == 20, reader.skip(16) else {
            throw SFTPError(code: .protocolError, operation: "kexinit probe", detail: "no KEXINIT from the server")
        }
        var lists: [[String]] = []
        for _ in 0..<10 {
            guard let list = reader.nameList() else {
                throw SFTPError(code: .protocolError, operation: "kexinit probe", detail: "truncated KEXINIT")
            }
            lists.append(list)
        }
        return lists
    }

    /// Reads until the server's `SSH-` version line; returns the index just past it.
    private static func readBanner(_ fd: Int32, into buffer: inout [UInt8]) throws(SFTPError) -> Int {
        var lineStart = 0
        while true {
            if let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                if buffer[lineStart...].starts(with: Array("SSH-".utf8)) {
                    return newline + 1
                }
                lineStart = newline + 1
                continue
            }
            guard buffer.count < 64 * 1024 else {
                throw SFTPError(code: .protocolError, operation: "kexinit probe", detail: "no SSH banner")
            }
            try Self.read(fd, into: &buffer, atLeast: buffer.count + 1)
        }
    }

    private static func read(_ fd: Int32, into buffer: inout [UInt8], atLeast count: Int) throws(SFTPError) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while buffer.count < count {
            let received = recv(fd, &chunk, chunk.count, 0)
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
            } else if received < 0 && errno == EINTR {
                continue
            } else {
                throw SFTPError(
                    code: .connectionLost,
                    operation: "kexinit probe",
                    detail: "the server closed the probe"
                )
            }
        }
    }
}
