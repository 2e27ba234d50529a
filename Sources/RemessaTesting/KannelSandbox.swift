import Foundation
import Synchronization

/// A throwaway Kannel on 127.0.0.1: bearerbox, smsbox and the fake SMSC `fakesmsc`, with their own config and
/// logs in a temporary directory.
///
/// For tests and by-hand checks of the `kannel` provider. sendsms takes messages at ``sendsmsURL`` with
/// ``username`` and ``password``; fakesmsc acknowledges every message (so `dlr-mask=31` gives a type 8 then a
/// type 1 report) and prints what it received, which ``receivedMessages()`` decodes. All three run as children of
/// this process; ``stop()`` kills and reaps them, and a watchdog kills them if this process dies first. A missing
/// Kannel is an error, never a skip.
///
/// ```swift
/// let kannel = try await KannelSandbox.start(KannelSandboxConfiguration())
/// … GET kannel.sendsmsURL?username=…&password=…&to=…&text=… …
/// await kannel.stop()
/// ```
public final class KannelSandbox: StoppableSandbox {
    /// The ports the sandbox listens on, all on 127.0.0.1.
    public struct Ports: Sendable, Equatable {
        public var admin: Int
        public var smsbox: Int
        public var smsc: Int
        public var sendsms: Int
    }

    /// smsbox's sendsms endpoint: `http://127.0.0.1:<port>/cgi-bin/sendsms`.
    public let sendsmsURL: URL
    public let username: String
    public let password: String
    public let ports: Ports
    /// The temporary directory with `kannel.conf` and every log.
    public let stateDirectory: String
    /// The configuration file the boxes run with.
    public let configurationPath: String
    let configuration: KannelSandboxConfiguration
    let adminPassword: String
    let processes: Mutex<KannelProcesses?>

    init(
        configuration: KannelSandboxConfiguration,
        stateDirectory: String,
        ports: Ports,
        password: String,
        adminPassword: String
    ) {
        self.configuration = configuration
        self.stateDirectory = stateDirectory
        self.configurationPath = "\(stateDirectory)/kannel.conf"
        self.ports = ports
        self.username = configuration.username
        self.password = password
        self.adminPassword = adminPassword
        self.sendsmsURL = URL(string: "http://127.0.0.1:\(ports.sendsms)/cgi-bin/sendsms")!
        self.processes = Mutex(nil)
    }

    /// Writes the configuration, starts bearerbox, smsbox and fakesmsc, and waits until sendsms answers and the
    /// fake SMSC is online (unless the configuration keeps it away). A port taken meanwhile by another process
    /// makes it try again on other ports, a few times.
    public static func start(
        _ configuration: KannelSandboxConfiguration = KannelSandboxConfiguration()
    ) async throws
        -> KannelSandbox
    {
        var attempt = 1
        while true {
            let sandbox = try Self.prepare(configuration)
            do {
                try await sandbox.launch()
                return sandbox
            } catch {
                await sandbox.terminate()
                sandbox.removeState()
                guard attempt < 4 else { throw error }
                attempt += 1
            }
        }
    }

    /// Runs `body` with a started sandbox and stops it afterwards, whether `body` returns or throws.
    public static func withSandbox<Result>(
        _ configuration: KannelSandboxConfiguration = KannelSandboxConfiguration(),
        _ body: (KannelSandbox) async throws -> Result
    ) async throws -> Result {
        try await Self.start(configuration).use(body)
    }

    /// Kills and reaps the three boxes and removes the state directory (unless the configuration keeps it).
    public func stop() async {
        await self.terminate()
        if !self.configuration.keepsState {
            self.removeState()
        }
    }

    /// The messages fakesmsc received so far, in the order it printed them.
    public func receivedMessages() -> [KannelFakeSMSCMessage] {
        let log = (try? String(contentsOfFile: self.fakeSMSCLogPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { KannelFakeSMSCMessage(logLine: $0) }
    }

    /// bearerbox's status page (`/status.txt` on the admin port), or `nil` if it does not answer.
    public func status() -> String? {
        let path = "/status.txt?password=\(self.adminPassword)"
        guard let answer = try? LoopbackHTTP.request("GET", path, port: self.ports.admin, timeout: .seconds(1)) else {
            return nil
        }
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// The last lines of each box's log, for failure messages.
    public func logTail(lines: Int = 5) -> String {
        ["bearerbox.log", "bearerbox.out", "smsbox.log", "smsbox.out", "fakesmsc.log"].map { name in
            let text = (try? String(contentsOfFile: "\(self.stateDirectory)/\(name)", encoding: .utf8)) ?? ""
            return "\(name): " + text.split(separator: "\n").suffix(lines).joined(separator: " | ")
        }.joined(separator: "\n")
    }

    var fakeSMSCLogPath: String { "\(self.stateDirectory)/fakesmsc.log" }

    func removeState() {
        try? FileManager.default.removeItem(atPath: self.stateDirectory)
    }
}
