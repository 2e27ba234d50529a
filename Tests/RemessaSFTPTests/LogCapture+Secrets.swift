import RemessaTesting
import Testing

extension LogCapture {
    /// Fails if any secret (password, passphrase, key material) appears in any log entry.
    func expectNoSecrets(_ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for line in leaks(of: secrets) {
            Issue.record("a secret leaked into the log: \(line)", sourceLocation: sourceLocation)
        }
    }
}
