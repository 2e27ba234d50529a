import Foundation
import RemessaConfig
import RemessaCore
import RemessaStore
import RemessaTesting
import Testing

/// A client cancelling its own batch with `inbox/<name>.cancel` (contract §10), over a local drop and a real sshd.
@Suite("Cancelling by the client", .serialized, .timeLimit(.minutes(4)))
struct ClientCancelTests {
    /// A simulator route slow enough to cancel mid-send (200 messages take 40 s; a loaded run sees the marker late).
    static let routeYAML = """
        routes:
          slow:
            provider: simulator
            rate: 5
            burst: 1
            simulator: {dlrDelay: 50ms, delivered: 1, notDelivered: 0, expired: 0, carrierRejected: 0, invalidNumber: 0}
        drops:

        """
    static let dropKeys = "    route: slow\n    dlrInterval: 1s\n    stateWindows: {}"

    /// 200 contacts as CSV text.
    static var contacts: String {
        var text = "telefone;mensagem\n"
        for index in 0..<200 {
            text += "55119\(String(format: "%08d", 10_000_000 + index));Mensagem \(index)\n"
        }
        return text
    }

    /// Runs remessad as the service (it polls while it sends, as in production); once `lenta.csv`'s batch has
    /// sent a few messages, calls `cancel` (which drops the markers) and waits for the batch's final file and the
    /// markers' answers in the drop at `root`, then stops it. Answers the batch as it ended.
    static func runAndCancel(
        _ fixture: DaemonFixture,
        drop root: String,
        cancel: () throws -> Void
    ) async throws -> BatchRecord {
        let daemon = try DaemonProcess(HTTPDispatchFixture.remessad, ["--config", fixture.root + "/remessad.yaml"])
        let store = try await SimulatorDispatchTests.waitForStore(fixture.statePath)
        var batch: BatchRecord?
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(90)
        while batch == nil || (batch?.statusCounts[.submitted] ?? 0) + (batch?.statusCounts[.delivered] ?? 0) < 5 {
            try #require(clock.now < deadline, "the batch never started: \(daemon.output.suffix(30))")
            try await Task.sleep(for: .milliseconds(100))
            batch = try await store.batches().first { $0.fileName == "lenta.csv" }
        }
        try cancel()
        let outbox = root + "/outbox/"
        while !FileManager.default.fileExists(atPath: outbox + "lenta.csv.final.csv")
            || !FileManager.default.fileExists(atPath: outbox + "nada.csv.cancel.error.csv")
            || !DaemonFixture.files(in: root + "/inbox").isEmpty
        {
            try #require(clock.now < deadline, "not answered: \(daemon.output.suffix(30))")
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await daemon.stop(with: SIGTERM, timeout: .seconds(30)) == 0)
        let id = try #require(batch).id
        return try #require(try await store.batch(id))
    }

    /// What a drop holds after a run: the cancelled batch's files, and the two markers' answers.
    static func expectAnswered(drop root: String, batch: BatchRecord) throws {
        let cancelled = batch.statusCounts[.cancelled] ?? 0
        #expect(cancelled > 100, "\(batch.statusCounts)")
        #expect(batch.cancelledAt != nil)
        let rows = try DaemonFixture.rows(root + "/outbox/lenta.csv.final.csv")
        #expect(rows.count == 200)
        #expect(rows.filter { $0[4] == "CANCELLED" && $0[5] == "CANCELLED_BY_CLIENT" }.count == cancelled)
        #expect(rows.allSatisfy { $0[4] == "CANCELLED" || $0[4] == "DELIVERED" })
        let outbox = DaemonFixture.files(in: root + "/outbox")
        var reported = 0
        for name in outbox where name.hasPrefix("lenta.csv.dlr.") {
            reported += try DaemonFixture.rows(root + "/outbox/" + name).count { $0[5] == "CANCELLED_BY_CLIENT" }
        }
        #expect(reported == cancelled)
        // The marker is answered by its move alone; it is never read as a base.
        #expect(DaemonFixture.files(in: root + "/archive").contains("lenta.csv.cancel"))
        #expect(!outbox.contains { $0.hasPrefix("lenta.csv.cancel.") })
        // A marker naming nothing: an error file, and the marker in failed/.
        #expect(DaemonFixture.files(in: root + "/failed") == ["nada.csv.cancel"])
        let error = try DaemonFixture.rows(root + "/outbox/nada.csv.cancel.error.csv")
        #expect(error.first?[0] == "NOTHING_TO_CANCEL")
        #expect(error.first?[3].contains("nada.csv") == true)
        #expect(DaemonFixture.files(in: root + "/inbox").isEmpty)
    }

    @Test("A local drop: the marker cancels the unsent rest; nothing to cancel, or a finished batch, is an error")
    func localDrop() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        let drop = try fixture.localDrop("acme")
        try Self.contacts.write(toFile: drop + "/inbox/lenta.csv", atomically: true, encoding: .utf8)
        let configuration = try fixture.configuration(
            Self.routeYAML + localDropYAML("acme", path: drop, extra: Self.dropKeys)
        )
        let batch = try await Self.runAndCancel(fixture, drop: drop) {
            for name in ["lenta.csv.cancel", "nada.csv.cancel"] {
                _ = FileManager.default.createFile(atPath: drop + "/inbox/" + name, contents: Data())
            }
        }
        try Self.expectAnswered(drop: drop, batch: batch)

        // Again once the batch is finished: nothing left to cancel.
        _ = FileManager.default.createFile(atPath: drop + "/inbox/lenta.csv.cancel", contents: Data())
        #expect(try await fixture.runUntilIdle(configuration) == 0)
        #expect(DaemonFixture.files(in: drop + "/failed").contains("lenta.csv.cancel"))
        let error = try DaemonFixture.rows(drop + "/outbox/lenta.csv.cancel.error.csv")
        #expect(error.first?[0] == "NOTHING_TO_CANCEL")
        #expect(DaemonFixture.files(in: drop + "/archive").filter { $0.hasPrefix("lenta.csv") }.count == 2)
    }

    @Test("Over a real sshd: the marker cancels the unsent rest; a marker naming nothing is an error")
    func sftpDrop() async throws {
        let fixture = try DaemonFixture()
        defer { fixture.remove() }
        try await SSHDSandbox.withSandbox(SSHDSandboxConfiguration(users: [.init(name: "rdmn-cancel")])) { sandbox in
            let user = try #require(sandbox.user("rdmn-cancel"))
            let root = user.dropDirectory
            try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
            try Self.contacts.write(toFile: root + "/inbox/lenta.csv", atomically: true, encoding: .utf8)
            try SFTPDropTests.giveToUser(root, user)
            _ = try fixture.configuration(
                Self.routeYAML + SFTPDropTests.sftpDropYAML("acme", user: user, sandbox: sandbox, extra: Self.dropKeys)
            )
            let batch = try await Self.runAndCancel(fixture, drop: root) {
                for name in ["lenta.csv.cancel", "nada.csv.cancel"] {
                    _ = FileManager.default.createFile(atPath: root + "/inbox/" + name, contents: Data())
                }
                try SFTPDropTests.giveToUser(root + "/inbox", user)
            }
            try Self.expectAnswered(drop: root, batch: batch)
        }
    }
}
