import RemessaConfig
import Testing

@Suite("Durations")
struct DurationTests {
    @Test(
        "every unit and sums of units",
        arguments: [
            ("500ms", Duration.milliseconds(500)),
            ("10s", .seconds(10)),
            ("5m", .seconds(300)),
            ("24h", .seconds(86_400)),
            ("7d", .seconds(604_800)),
            ("1h30m", .seconds(5_400)),
            ("1d12h", .seconds(129_600)),
            ("1m30s250ms", .milliseconds(90_250)),
            ("\" 45s \"", .seconds(45)),
        ]
    )
    func parses(text: String, expected: Duration) throws {
        let configuration = try parse(localDrop("loja", "pollInterval: \(text)"))
        #expect(configuration.drops["loja"]?.pollInterval == expected)
    }

    @Test("every duration key reads its value")
    func everyKey() throws {
        let configuration = try parse(
            localDrop(
                "loja",
                "stableFor: 2m\nttl: 12h\ndlrInterval: 30s\ndlrTimeout: 5d\ndedupeWindow: 14d\npollInterval: 750ms"
            )
        )
        let drop = try #require(configuration.drops["loja"])
        #expect(drop.stableFor == .seconds(120))
        #expect(drop.ttl == .seconds(12 * 3600))
        #expect(drop.dlrInterval == .seconds(30))
        #expect(drop.dlrTimeout == .seconds(5 * 86_400))
        #expect(drop.dedupeWindow == .seconds(14 * 86_400))
        #expect(drop.pollInterval == .milliseconds(750))
    }

    @Test("a bare number names the path and asks for a unit")
    func bareNumber() throws {
        let error = try #require(failure(localDrop("loja", "pollInterval: 5")))
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.code == .invalidDuration)
        #expect(issue.path == "drops.loja.pollInterval")
        #expect(issue.message.contains("add a unit, e.g. \"5s\""))
        #expect(issue.line == 5)
        #expect(
            error.description.hasPrefix("drops.loja.pollInterval: expected a duration such as \"10s\", found \"5\"")
        )
    }

    @Test(
        "malformed durations are rejected",
        arguments: ["10 minutes", "1.5s", "s", "10x", "1h30", "ten seconds", "[10s]"]
    )
    func malformed(text: String) throws {
        let error = try #require(failure(localDrop("loja", "ttl: \(text)")))
        #expect(error.codes == [.invalidDuration])
        #expect(error.issues.first?.path == "drops.loja.ttl")
    }

    @Test("zero and negative durations are out of range", arguments: ["0s", "0ms", "-5s"])
    func notPositive(text: String) throws {
        let error = try #require(failure(localDrop("loja", "stableFor: \(text)")))
        #expect(error.codes == [.outOfRange])
        #expect(error.issues.first?.path == "drops.loja.stableFor")
        #expect(error.issues.first?.message.contains("longer than zero") == true)
    }
}
