import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP/1.1 request to a server on 127.0.0.1 over a plain socket (`Connection: close`), enough to
/// read the test gateway's statistics, change its behaviour or check that Kannel answers, without URLSession.
enum LoopbackHTTP {
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// Sends `method path` with `body` to `127.0.0.1:port` and reads the answer to its end (at most `timeout`).
    static func request(
        _ method: String,
        _ path: String,
        port: Int,
        body: [UInt8] = [],
        timeout: Duration = .seconds(5)
    ) throws -> Answer {
        let fd = try LoopbackSocket.connect(port: port, timeout: timeout)
        defer { close(fd) }
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        try send(Array(head.utf8) + body, to: fd)
        return try parse(receiveAll(from: fd))
    }

    private static func send(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw LoopbackError("send failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    private static func receiveAll(from fd: Int32) throws -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                result += buffer[0..<count]
            } else if count == 0 {
                return result
            } else if errno != EINTR {
                throw LoopbackError("no answer: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The status line and the body (plain or chunked).
    private static func parse(_ bytes: [UInt8]) throws -> Answer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw LoopbackError("incomplete HTTP answer (\(bytes.count) bytes)")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw LoopbackError("not an HTTP answer: \(statusLine)")
        }
        var body = Array(bytes[(end + 4)...])
        if head.lowercased().contains("transfer-encoding: chunked") {
            body = dechunk(body)
        }
        return Answer(status: status, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: 13) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            result += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return result
    }
}
