import Foundation
import RemessaConfig
import RemessaTesting
import Testing

@Suite("retention, notify and reportText (contract §11, §12)")
struct RetentionNotifyTests {
    @Test("retention defaults to 30 days each; the top level sets every drop's, a drop overrides key by key")
    func retention() throws {
        let thirty = Duration.seconds(30 * 86400)
        let defaults = try #require(try parse(localDrop()).drops["loja"])
        #expect(defaults.retention == RetentionSettings(messages: thirty, files: thirty, outbox: thirty))
        #expect(defaults.reportText)
        #expect(defaults.notify == nil)

        let configuration = try parse(
            "retention: {messages: 10d, files: 60d}\n" + localDrop("loja", "retention: {outbox: 2d}\nreportText: false")
        )
        let drop = try #require(configuration.drops["loja"])
        #expect(configuration.retention.messages == .seconds(10 * 86400))
        #expect(
            drop.retention
                == RetentionSettings(messages: .seconds(864_000), files: .seconds(5_184_000), outbox: .seconds(172_800))
        )
        #expect(!drop.reportText)
    }

    @Test("notify needs an http(s) url and a secretFile; an unknown retention key is named")
    func notifyAndErrors() throws {
        let directory = try TemporaryDirectory(prefix: "notify")
        defer { directory.remove() }
        let key = try directory.write("n.key", "segredo\n")
        let drop = try #require(
            try parse(localDrop("loja", "notify: {url: \"https://h.example/hook\", secretFile: \(key)}")).drops["loja"]
        )
        #expect(drop.notify == NotifyConfiguration(url: URL(string: "https://h.example/hook")!, secretFile: .file(key)))

        let missing = try #require(failure(localDrop("loja", "notify: {url: \"ftp://h.example/x\"}")))
        let text = missing.issues.map(\.description).joined(separator: "\n")
        #expect(text.contains("drops.loja.notify.url"), "\(text)")
        #expect(text.contains("drops.loja.notify.secretFile"), "\(text)")

        let unknown = try #require(failure("retention: {message: 5d}\n" + localDrop()))
        #expect(unknown.issues.map(\.description).joined().contains("retention.message"))
    }
}
