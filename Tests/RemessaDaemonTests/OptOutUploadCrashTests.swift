import Foundation
import GRDB
import RemessaCore
import RemessaTesting
import Testing

@testable import RemessaStore

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `remessad` as a child process and `kill -9`s it at many moments of an opt-out upload.
@Suite("Opt-out uploads: crash safety", .serialized)
struct OptOutUploadCrashTests {
    /// 30,000 adds, then removes of every third of them, with a bad number every 1,000 lines.
    static let upload: String = {
        var text = "telefone;acao\n"
        for index in 0..<30_000 {
            text += "119\(8_000_0000 + index);incluir\n"
            if index % 1000 == 0 { text += "12345;incluir\n" }
        }
        for index in stride(from: 0, to: 30_000, by: 3) { text += "119\(8_000_0000 + index);excluir\n" }
        return text
    }()

    static func yaml(_ drop: String) -> String {
        """
        routes:
          sim:
            provider: simulator
            rate: 100000
            simulator: {submitLatency: 0ms, dlrDelay: 50ms}
        drops:

        """
            + localDropYAML("acme", path: drop, extra: "    template: \"Oi\"")
    }

    /// What a run without crashes leaves: the answer's bytes, the list, and the report's rows without their time.
    struct Outcome: Equatable {
        var answer: Data
        var list: [String]
        var report: [[String]]
        var logRows: Int
    }

    static func outcome(_ fixture: DaemonFixture, drop: String) async throws -> Outcome {
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let list = try await store.suppressions(list: "drop:acme", limit: 100_000).map(\.destination)
        let logRows = try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM suppression_log WHERE list = 'drop:acme'") ?? 0
        }
        var report: [[String]] = []
        for name in DaemonFixture.files(in: drop + "/outbox") where name.hasPrefix("optouts.") {
            report += try DaemonFixture.rows(drop + "/outbox/" + name).map { Array($0.prefix(3)) }
        }
        return Outcome(
            answer: try Data(contentsOf: URL(fileURLWithPath: drop + "/outbox/grande.csv.optout.csv")),
            list: list,
            report: report,
            logRows: logRows
        )
    }

    static func reference() async throws -> Outcome {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try FileManager.default.createDirectory(atPath: drop + "/optout", withIntermediateDirectories: true)
        try upload.write(toFile: drop + "/optout/grande.csv", atomically: true, encoding: .utf8)
        #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml(drop))) == 0)
        return try await outcome(fixture, drop: drop)
    }

    @Test(
        "Killed with SIGKILL at 20 moments of an upload, restarted each time: applied once, one answer, one report",
        .timeLimit(.minutes(10))
    )
    func killNineAndRestart() async throws {
        let expected = try await Self.reference()
        #expect(expected.list.count == 20_000)
        #expect(expected.logRows == 40_000)

        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try FileManager.default.createDirectory(atPath: drop + "/optout", withIntermediateDirectories: true)
        try Self.upload.write(toFile: drop + "/optout/grande.csv", atomically: true, encoding: .utf8)
        _ = try fixture.configuration(Self.yaml(drop))
        let arguments = ["--config", fixture.root + "/remessad.yaml", "--until-idle", "--log-level", "debug"]

        // Half the kills come right after the k-th log line of a run, half after a delay (15 ms to 285 ms).
        var kills = 0
        var lastLines: [String] = []
        for attempt in 0..<20 {
            let daemon = try DaemonProcess(CrashSafetyTests.remessad, arguments)
            if attempt.isMultiple(of: 2) {
                _ = await daemon.waitForLines(attempt / 2 + 1, timeout: .seconds(30)) { $0.contains("[RemessaDaemon]") }
            } else {
                try await Task.sleep(for: .milliseconds(15 + 30 * (attempt / 2)))
            }
            if daemon.stop(with: SIGKILL) == 128 + SIGKILL {
                kills += 1
                let last = daemon.output.last { $0.contains("[RemessaDaemon]") } ?? "(before the first log line)"
                lastLines.append(String(last.split(separator: "]").last ?? ""))
            }
        }
        print("opt-out crash points (last log line before each kill):", Set(lastLines).sorted())
        #expect(kills >= 5, "the daemon finished too early to be killed: \(kills) kills")

        let final = try DaemonProcess(CrashSafetyTests.remessad, arguments)
        #expect(await final.waitForExit(timeout: .seconds(120)) == 0)

        #expect(DaemonFixture.files(in: drop + "/optout").isEmpty)
        #expect(DaemonFixture.files(in: drop + "/processing").isEmpty)
        #expect(DaemonFixture.files(in: drop + "/archive") == ["grande.csv"])
        #expect(DaemonFixture.files(in: drop + "/failed").isEmpty)
        let outbox = DaemonFixture.files(in: drop + "/outbox")
        #expect(outbox.filter { $0.contains(".optout") } == ["grande.csv.optout.csv"], "\(outbox)")
        #expect(outbox.filter { $0.hasPrefix("optouts.") } == ["optouts.0001.csv"], "\(outbox)")
        let outcome = try await Self.outcome(fixture, drop: drop)
        #expect(outcome.answer == expected.answer, "the answer file is the one an uninterrupted run writes")
        #expect(outcome.list == expected.list)
        #expect(outcome.logRows == expected.logRows, "every change logged once")
        #expect(outcome.report == expected.report)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let files = try await store.recentFiles(drop: "acme", limit: 100)
        #expect(files.filter { $0.outcome == .accepted }.count == 1)
        #expect(files.allSatisfy { $0.kind == .optout && ($0.stage == .done || $0.stage == .vanished) })
    }
}
