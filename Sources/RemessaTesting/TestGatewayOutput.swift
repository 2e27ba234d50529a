import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A started `remessa-test-gateway` whose stdout is read for its `listening on <port>` line; its stderr is the
/// test's, so the gateway's warnings show in the test output.
final class TestGatewayOutput: Sendable {
    let child: ChildProcess
    private let listening = Mutex<Int?>(nil)
    private let ended = Mutex(false)

    init(_ executable: String, _ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestGatewayError("\(executable) is not built (swift build --product remessa-test-gateway)")
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw TestGatewayError("pipe failed") }
        let devNull = open("/dev/null", O_RDWR)
        defer {
            close(devNull)
            close(pipeEnds[1])
        }
        child = try ChildProcess.spawn(executable, arguments, stdin: devNull, stdout: pipeEnds[1], stderr: 2)
        let readEnd = pipeEnds[0]
        Thread { [self] in self.read(readEnd) }.start()
    }

    private func read(_ descriptor: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let prefix = "listening on "
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count)) {
                    listening.withLock { $0 = port }
                }
            }
        }
        close(descriptor)
        ended.withLock { $0 = true }
    }

    /// The port once the gateway says it listens; `nil` if it exits first or `timeout` passes.
    func port(timeout: Duration) async -> Int? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = listening.withLock({ $0 }) { return port }
            if ended.withLock({ $0 }) { return listening.withLock { $0 } }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
