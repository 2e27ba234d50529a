import InMemoryLogging
import Logging
import Testing

/// A trace-level logger whose entries the test can inspect, and the log-hygiene assertion.
struct LogCapture {
    let handler = InMemoryLogHandler()

    var logger: Logger {
        var logger = Logger(label: "remessa.sftp.tests") { _ in self.handler }
        logger.logLevel = .trace
        return logger
    }

    /// Every message and metadata value, one string per entry.
    var lines: [String] {
        self.handler.entries.map { entry in
            let metadata = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return ([entry.message.description] + metadata + [entry.error.map { "\($0)" } ?? ""]).joined(separator: " ")
        }
    }

    /// Whether some entry has this message.
    func contains(message: String) -> Bool {
        self.handler.entries.contains { $0.message.description == message }
    }

    /// A metadata value of the first entry with this message.
    func metadata(_ key: String, of message: String) -> String? {
        self.handler.entries.first { $0.message.description == message }?.metadata[key]?.description
    }

    /// How many entries have this message.
    func count(message: String) -> Int {
        self.handler.entries.filter { $0.message.description == message }.count
    }

    /// Fails if any secret (password, passphrase, key material) appears in any log entry.
    func expectNoSecrets(_ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets where !secret.isEmpty {
            for line in self.lines {
                #expect(!line.contains(secret), "a secret leaked into the log: \(line)", sourceLocation: sourceLocation)
            }
        }
    }
}
