import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `remessa-test-gateway` as a child process on 127.0.0.1: started, stopped, killed and started again on the same
/// port, its counters and its log of received ids read by the test.
public final class TestGateway: Sendable {
    /// The gateway built next to the test bundle (as `remessad` is found).
    public static var defaultExecutable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("remessa-test-gateway").path
    }

    public let executable: String
    public let configuration: TestGatewayConfiguration
    private let child = Mutex<ChildProcess?>(nil)
    private let boundPort = Mutex<Int?>(nil)

    public init(executable: String = TestGateway.defaultExecutable, configuration: TestGatewayConfiguration) {
        self.executable = executable
        self.configuration = configuration
    }

    deinit {
        if let child = child.withLock({ $0 }) {
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
    }

    /// The port of the latest start.
    public var port: Int {
        get throws {
            guard let port = boundPort.withLock({ $0 }) else { throw TestGatewayError("the gateway never started") }
            return port
        }
    }

    /// The URL messages are POSTed to: `http://127.0.0.1:<port>/messages`.
    public var messagesURL: String {
        get throws { "http://127.0.0.1:\(try port)/messages" }
    }

    /// Starts the gateway and waits until it listens. `port` `nil` reuses the previous start's port (a free one the
    /// first time), so a restarted gateway is found where the route expects it.
    public func start(port: Int? = nil, timeout: Duration = .seconds(30)) async throws {
        guard child.withLock({ $0 }) == nil else { throw TestGatewayError("the gateway is already running") }
        let requested = port ?? boundPort.withLock { $0 } ?? 0
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestGatewayError("\(executable) is not built (swift build --product remessa-test-gateway)")
        }
        let process = try DaemonProcess(
            executable,
            configuration.arguments(port: requested),
            collecting: .standardOutput
        )
        child.withLock { $0 = process.child }
        let prefix = "listening on "
        _ = await process.waitForLines(timeout: timeout) { $0.hasPrefix(prefix) }
        let announced = process.output.first { $0.hasPrefix(prefix) }
        guard let bound = announced.flatMap({ Int($0.dropFirst(prefix.count)) }) else {
            process.child.send(SIGKILL)
            let status = process.child.waitForExit()
            child.withLock { $0 = nil }
            throw TestGatewayError("the gateway did not report its port (exit status \(status))")
        }
        boundPort.withLock { $0 = bound }
        // Kept across a stop: a restart binds it again.
        FreePort.keep(bound)
    }

    /// SIGTERM, then waits for the exit: the gateway answers open requests, posts the delivery reports still
    /// pending (for up to 10 s) and flushes its log. Returns the exit status.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async -> Int32 {
        await end(with: SIGTERM, timeout: timeout)
    }

    /// SIGKILL: the gateway vanishes at once, pending delivery reports and up to 100 ms of log lines lost.
    @discardableResult
    public func kill() async -> Int32 {
        await end(with: SIGKILL, timeout: .seconds(30))
    }

    private func end(with signal: Int32, timeout: Duration) async -> Int32 {
        guard let running = child.withLock({ $0 }) else { return -1 }
        running.send(signal)
        let deadline = ContinuousClock.now + timeout
        var status = running.exitStatusIfEnded()
        while status == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            status = running.exitStatusIfEnded()
        }
        if status == nil {
            running.send(SIGKILL)
            status = running.waitForExit()
        }
        child.withLock { $0 = nil }
        return status ?? -1
    }

    /// The gateway's counters (`GET /stats`).
    public func stats() async throws -> TestGatewayStats {
        let answer = try LoopbackHTTP.request("GET", "/stats", port: try port)
        guard answer.status == 200 else { throw TestGatewayError("GET /stats answered \(answer.status)") }
        return try JSONDecoder().decode(TestGatewayStats.self, from: Data(answer.body))
    }

    /// Changes how the running gateway answers (`POST /control`); `nil` leaves a setting as it is.
    public func setMode(
        _ mode: TestGatewayConfiguration.Mode? = nil,
        throttleEvery: Int? = nil,
        errorRate: Double? = nil,
        delay: Duration? = nil
    ) async throws {
        var fields: [String] = []
        if let mode { fields.append("\"mode\":\"\(mode.rawValue)\"") }
        if let throttleEvery { fields.append("\"throttleEvery\":\(throttleEvery)") }
        if let errorRate { fields.append("\"errorRate\":\(errorRate)") }
        if let delay { fields.append("\"delay\":\"\(TestGatewayConfiguration.text(delay))\"") }
        let body = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        let answer = try LoopbackHTTP.request("POST", "/control", port: try port, body: body)
        guard answer.status == 200 else { throw TestGatewayError("POST /control answered \(answer.status)") }
    }

    /// Every line of the log file so far, across restarts (lines still buffered in a running gateway, at most
    /// 100 ms' worth, are not there yet).
    public func loggedMessages() throws -> [TestGatewayLogEntry] {
        guard let path = configuration.logFile else { throw TestGatewayError("the gateway has no log file") }
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let status = Int(parts[1]) else { return nil }
            return TestGatewayLogEntry(id: String(parts[0]), status: status)
        }
    }

    /// How many times each id was accepted (answered 200), from the log file.
    public func acceptedCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in try loggedMessages() where entry.status == 200 {
            counts[entry.id, default: 0] += 1
        }
        return counts
    }
}
