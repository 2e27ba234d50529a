import Foundation
import RemessaCore
import GRDB
import RemessaTesting
import Synchronization
import Testing

@testable import RemessaStore

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `remessad` as a child process and `kill -9`s it at many moments of a batch of files.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let remessad = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("remessad").path

    /// Fills `dropPath`'s inbox: the acme and sinch samples, two 20,000-row files and 60 small ones.
    static func seed(_ fixture: DaemonFixture, into dropPath: String) throws -> [String] {
        var names = try fixture.seed("acme-varejo", into: dropPath)
        names += try fixture.seed("sinch-parceiro", into: dropPath)
        for file in 0..<2 {
            var text = "telefone;nome;loja\n"
            for row in 0..<20_000 {
                text += "119\(String(format: "%08d", file * 100_000 + row));Cliente \(row);Loja \(row % 7)\n"
            }
            let name = "grande-\(file).csv"
            try text.write(toFile: dropPath + "/inbox/" + name, atomically: true, encoding: .utf8)
            names.append(name)
        }
        for file in 0..<60 {
            let name = "pequeno-\(file).csv"
            try "telefone;nome;loja\n219876543\(String(format: "%02d", file));Ana;Centro\n".write(
                toFile: dropPath + "/inbox/" + name,
                atomically: true,
                encoding: .utf8
            )
            names.append(name)
        }
        return names
    }

    /// A fast simulator: this suite is about ingestion; sending 40,000 messages at the built-in 200/s would
    /// take minutes per run.
    static func yaml(_ dropPath: String) -> String {
        """
        routes:
          sim:
            provider: simulator
            rate: 100000
            maxInFlight: 200
            simulator: {submitLatency: 0ms, dlrDelay: 100ms}
        drops:

        """
            + localDropYAML(
                "acme",
                path: dropPath,
                extra: "    template: \"Olá @PrimeiroNome, sua loja mais próxima: @Loja\"\n    onMissingField: blank"
            )
    }

    /// What a run without crashes stores: accepted messages per file name, and the rejected names.
    static func reference() async throws -> (accepted: [String: Int], rejected: Set<String>) {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        _ = try seed(fixture, into: drop)
        #expect(try await fixture.runUntilIdle(try fixture.configuration(yaml(drop))) == 0)
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        var accepted: [String: Int] = [:]
        var rejected: Set<String> = []
        for file in try await store.recentFiles(limit: 1000) where file.stage == .done {
            if file.outcome == .accepted { accepted[file.name] = file.accepted } else { rejected.insert(file.name) }
        }
        return (accepted, rejected)
    }

    @Test(
        "Killed with SIGKILL at 30 moments, restarted each time: every file is processed once, every row stored once",
        .timeLimit(.minutes(10))
    )
    func killNineAndRestart() async throws {
        let expected = try await Self.reference()
        #expect(expected.accepted.values.reduce(0, +) > 40_000)

        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        let names = try Self.seed(fixture, into: drop)
        _ = try fixture.configuration(Self.yaml(drop))
        let arguments = ["--config", fixture.root + "/remessad.yaml", "--until-idle", "--log-level", "debug"]

        // Half the kills come right after the k-th log line of a run (k = 1…15), half after a delay
        // (15 different ones, from 15 ms to 365 ms): 30 moments chosen here, landing in every step.
        var killsWhileWorking = 0
        var lastLines: [String] = []
        for attempt in 0..<30 {
            let daemon = try DaemonProcess(Self.remessad, arguments)
            if attempt.isMultiple(of: 2) {
                _ = await daemon.waitForLines(attempt / 2 + 1, timeout: .seconds(30)) { $0.contains("[RemessaDaemon]") }
            } else {
                try await Task.sleep(for: .milliseconds(15 + 25 * (attempt / 2)))
            }
            let status = daemon.stop(with: SIGKILL)
            if status == 128 + SIGKILL {
                killsWhileWorking += 1
                let last = daemon.output.last { $0.contains("[RemessaDaemon]") } ?? "(before the first log line)"
                lastLines.append(String(last.split(separator: "]").last ?? ""))
            }
        }
        #expect(killsWhileWorking >= 25, "the daemon finished too early to be killed: \(killsWhileWorking) kills")
        print("crash points (last log line before each kill):", Set(lastLines).sorted())

        let final = try DaemonProcess(Self.remessad, arguments)
        let finalStatus = await final.waitForExit(timeout: .seconds(300))
        #expect(finalStatus == 0)
        if finalStatus != 0 {
            print("the final run's last lines:\n" + final.output.suffix(60).joined(separator: "\n"))
            let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
            for batch in try await store.batches() where !batch.isTerminal {
                print("unfinished: \(batch.fileName) \(batch.statusCounts)")
            }
        }

        // Every file once: in archive/ or failed/ under its own name, one result or error file, nothing left.
        #expect(DaemonFixture.files(in: drop + "/inbox").isEmpty)
        #expect(DaemonFixture.files(in: drop + "/processing").isEmpty)
        let archived = DaemonFixture.files(in: drop + "/archive")
        let failed = DaemonFixture.files(in: drop + "/failed")
        #expect(Set(archived) == Set(expected.accepted.keys))
        #expect(Set(failed) == expected.rejected)
        #expect(archived.count + failed.count == names.count)
        // Result and error files; the dispatcher's DLR, final and summary files come on top.
        let outbox = DaemonFixture.files(in: drop + "/outbox").filter {
            !$0.hasPrefix(".") && ($0.hasSuffix(".result.csv") || $0.hasSuffix(".error.csv"))
        }
        let expectedOutbox =
            expected.accepted.keys.map { $0 + ".result.csv" } + expected.rejected.map { $0 + ".error.csv" }
        #expect(Set(outbox) == Set(expectedOutbox))
        #expect(outbox.count == names.count)

        // Every row once: one finished record and one batch per file, the reference's message counts, no line twice.
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let done = try await store.recentFiles(limit: 10_000).filter { $0.stage == .done }
        #expect(done.count == names.count)
        #expect(Set(done.map(\.name)).count == names.count)
        let batches = try await store.batches()
        #expect(batches.count == expected.accepted.count)
        for batch in batches {
            #expect(batch.messages == expected.accepted[batch.fileName], "\(batch.fileName)")
            let lines = Mutex<[Int]>([])
            try await store.forEachMessage(batchID: batch.id) { message in lines.withLock { $0.append(message.line) } }
            let all = lines.withLock { $0 }
            #expect(all.count == batch.messages, "\(batch.fileName)")
            #expect(Set(all).count == all.count, "no line of \(batch.fileName) is stored twice")
            let resultRows = try DaemonFixture.rows(drop + "/outbox/" + batch.fileName + ".result.csv")
            #expect(resultRows.filter { $0.count > 3 && $0[3] == "ACCEPTED" }.count == batch.messages)
        }
    }

    /// The messages stored for file `name`: those of its batch (nil when there is none) and every row naming it,
    /// staged ones included.
    static func stored(_ fixture: DaemonFixture, name: String) async throws -> (batch: Int?, rows: Int, all: Int) {
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        return try await store.pool.read { db in
            let fileID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM file WHERE name = ?", arguments: [name])
            let batch = try Int.fetchOne(db, sql: "SELECT messages FROM batch WHERE file_id = ?", arguments: [fileID])
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM message WHERE batch_id = ?", arguments: [fileID])
            return (batch, rows ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0)
        }
    }

    @Test(
        "Killed with SIGKILL 10 times mid-ingest of a multi-transaction file: its batch is whole or absent each time",
        .timeLimit(.minutes(10))
    )
    func killNineMidIngest() async throws {
        let rows = 120_000
        let name = "enorme.csv"
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        var text = "telefone;nome;loja\n"
        for row in 0..<rows {
            text += "119\(String(format: "%08d", row));Cliente \(row);Loja \(row % 7)\n"
        }
        try text.write(toFile: drop + "/inbox/" + name, atomically: true, encoding: .utf8)
        _ = try fixture.configuration(Self.yaml(drop))
        let arguments = ["--config", fixture.root + "/remessad.yaml", "--until-idle", "--log-level", "debug"]
        #expect(rows > 5 * MessageInserter.chunksPerTransaction * BatchWriter.chunkSize)

        // Each run starts the ingest afresh (discarding what the killed one staged); the kills come later and later
        // after the run's first log line, so they land before, during and after the ingest's transactions.
        var midIngest = 0
        for attempt in 0..<10 {
            let daemon = try DaemonProcess(Self.remessad, arguments)
            _ = await daemon.waitForLines(1, timeout: .seconds(30)) { $0.contains("[RemessaDaemon]") }
            try await Task.sleep(for: .milliseconds(200 + 500 * attempt))
            let status = daemon.stop(with: SIGKILL)
            let stored = try await Self.stored(fixture, name: name)
            let batch = stored.batch.map(String.init) ?? "none"
            print("kill \(attempt + 1) (status \(status)): batch \(batch), \(stored.rows) rows")
            if let published = stored.batch {
                #expect(
                    published == rows && stored.rows == rows,
                    "a published batch is whole: \(published), \(stored.rows) rows"
                )
            } else if stored.rows > 0 {
                midIngest += 1
            }
            #expect(stored.rows <= rows && stored.all == stored.rows, "no row staged twice: \(stored)")
        }
        #expect(midIngest >= 2, "kills that left staged messages: \(midIngest)")

        let final = try DaemonProcess(Self.remessad, arguments)
        let finalStatus = await final.waitForExit(timeout: .seconds(300))
        #expect(finalStatus == 0, "\(final.output.suffix(30).joined(separator: "\n"))")
        let stored = try await Self.stored(fixture, name: name)
        #expect(stored.batch == rows && stored.rows == rows && stored.all == rows, "\(stored)")
        let store = try SQLiteStore(directory: fixture.statePath, access: .operator)
        let batch = try #require(try await store.batches().first)
        let lines = Mutex<[Int]>([])
        try await store.forEachMessage(batchID: batch.id) { message in lines.withLock { $0.append(message.line) } }
        let all = lines.withLock { $0 }
        #expect(all.count == rows && Set(all).count == rows, "every line once")
        let resultRows = try DaemonFixture.rows(drop + "/outbox/" + name + ".result.csv")
        #expect(resultRows.filter { $0.count > 3 && $0[3] == "ACCEPTED" }.count == rows)
        #expect(DaemonFixture.files(in: drop + "/archive") == [name])
    }
}
