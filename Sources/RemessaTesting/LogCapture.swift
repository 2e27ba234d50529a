import InMemoryLogging
import Logging

/// Log entries kept in memory for a test to inspect: hand ``logger(label:level:)`` to the code under test.
public struct LogCapture: Sendable {
    public let handler = InMemoryLogHandler()

    public init() {}

    /// A logger writing into this capture, at `level` (trace: everything).
    public func logger(label: String = "remessa.tests", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in self.handler }
        logger.logLevel = level
        return logger
    }

    public var entries: [InMemoryLogHandler.Entry] { handler.entries }

    /// Every entry as one string: its level, message, metadata (`key=value`, sorted) and error.
    public var lines: [String] {
        entries.map { entry in
            let metadata = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let error = entry.error.map { ["\($0)"] } ?? []
            return (["\(entry.level)", entry.message.description] + metadata + error).joined(separator: " ")
        }
    }

    /// Whether some entry has this message.
    public func contains(message: String) -> Bool {
        entries.contains { $0.message.description == message }
    }

    /// A metadata value of the first entry with this message.
    public func metadata(_ key: String, of message: String) -> String? {
        entries.first { $0.message.description == message }?.metadata[key]?.description
    }

    /// How many entries have this message.
    public func count(message: String) -> Int {
        entries.filter { $0.message.description == message }.count
    }

    /// The lines that contain any of `secrets` (passwords, passphrases, key material); empty ones are ignored.
    public func leaks(of secrets: [String]) -> [String] {
        lines.filter { line in secrets.contains { !$0.isEmpty && line.contains($0) } }
    }
}
