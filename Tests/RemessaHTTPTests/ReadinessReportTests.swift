import Foundation
import RemessaHTTP
import RemessaMetrics
import Synchronization
import Testing

@Suite struct ReadinessReportTests {
    @Test func noChecksMeansReady() async {
        let report = await ReadinessReport.evaluate([], timeout: .seconds(1))
        #expect(report.isReady)
        #expect(report.json == #"{"ready":true,"checks":{}}"#)
    }

    @Test func resultsKeepTheOrderOfTheChecks() async {
        let checks = (0..<20).map { index in
            ReadinessCheck("check.\(index)") {
                // Later checks finish first.
                try? await Task.sleep(for: .milliseconds(20 - index))
                return index == 7 ? .failing("seven") : .ok
            }
        }
        let report = await ReadinessReport.evaluate(checks, timeout: .seconds(10))
        #expect(report.results.map(\.name) == (0..<20).map { "check.\($0)" })
        #expect(!report.isReady)
        #expect(report.results[7].status == .failing("seven"))
    }

    @Test func jsonEscapesNamesAndSentences() {
        let report = ReadinessReport(results: [
            (name: #"drop."q""#, status: .failing("line\none\t\\ \u{1}")),
            (name: "caf\u{E9}", status: .ok),
        ])
        #expect(report.json == #"{"ready":false,"checks":{"drop.\"q\"":"line\none\t\\ \u0001","café":"ok"}}"#)
    }
}

@Suite struct RecentPollCheckTests {
    @Test func failsUntilTheFirstSuccessfulPollThenAgesOut() async {
        let metrics = DaemonMetrics()
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        let clock = TestWallClock(start)
        let check = ReadinessCheck.recentPoll(drop: "acme", within: .seconds(60), metrics: metrics) { clock.now }
        #expect(check.name == "drop.acme")
        #expect(await check.check() == .failing("no successful poll yet"))

        metrics.pollFinished(drop: "acme", duration: .seconds(1), succeeded: false, finishedAt: start)
        #expect(await check.check() == .failing("no successful poll yet"))

        metrics.pollFinished(drop: "acme", duration: .seconds(1), succeeded: true, finishedAt: start)
        clock.now = start.addingTimeInterval(60)
        #expect(await check.check() == .ok)
        clock.now = start.addingTimeInterval(61)
        #expect(await check.check() == .failing("last successful poll 61 s ago"))
        clock.now = start.addingTimeInterval(3 * 60 + 20)
        #expect(await check.check() == .failing("last successful poll 3 min ago"))
        clock.now = start.addingTimeInterval(5 * 3600)
        #expect(await check.check() == .failing("last successful poll 5 h ago"))
        clock.now = start.addingTimeInterval(3 * 86400)
        #expect(await check.check() == .failing("last successful poll 3 d ago"))
    }
}

private final class TestWallClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) {
        self.time = Mutex(start)
    }

    var now: Date {
        get { self.time.withLock { $0 } }
        set { self.time.withLock { $0 = newValue } }
    }
}
