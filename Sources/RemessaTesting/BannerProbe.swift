#if canImport(Glibc)
import Glibc
#endif

/// Checks whether an SSH server answers on 127.0.0.1 with its version banner.
enum BannerProbe {
    static func hasBanner(port: Int) -> Bool {
        guard let fd = try? LoopbackSocket.connect(port: port, timeout: .seconds(3)) else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count >= 8 && buffer[0..<8].elementsEqual("SSH-2.0-".utf8)
    }
}
