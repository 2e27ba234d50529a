import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A delivery report that arrives after `dlrTimeout` made its message `UNCONFIRMED` and the batch's final file
/// and summary are out (contract §9a): the store takes the late final status, but nothing new is published.
@Suite("A late delivery report after the final file", .serialized, .timeLimit(.minutes(3)))
struct LateDeliveryReportTests {
    @Test("UNCONFIRMED, final file out, then DELIVERED arrives: stored, and no new file published")
    func lateReportIsStoredNotPublished() async throws {
        let total = 20
        let fixture = try await HTTPDispatchFixture(drop: ["dlrTimeout": "1s"]) { gateway in
            gateway.deliveryReports?.delay = .seconds(15)
        }
        defer { fixture.remove() }
        try fixture.contacts(total)
        let daemon = try fixture.startDaemon(untilIdle: false)
        defer { if daemon.child.exitStatusIfEnded() == nil { daemon.stop(with: SIGKILL) } }

        let outbox = fixture.drop + "/outbox"
        let names = ["contatos.csv.final.csv", "contatos.csv.summary.json"]
        var deadline = ContinuousClock.now + .seconds(60)
        while !names.allSatisfy({ FileManager.default.fileExists(atPath: outbox + "/" + $0) }) {
            try #require(
                ContinuousClock.now < deadline,
                "no final file:\n\(daemon.output.suffix(20).joined(separator: "\n"))"
            )
            try #require(daemon.child.exitStatusIfEnded() == nil, "remessad ended")
            try await Task.sleep(for: .milliseconds(50))
        }
        let before = try await fixture.gateway.stats()
        try #require(before.messages == total)
        try #require(before.dlrsSent == 0 && before.dlrsFailed == 0, "a report arrived before the final file")
        let finalRows = try fixture.finalRows()
        #expect(finalRows.count == total)
        #expect(finalRows.allSatisfy { $0.status == "UNCONFIRMED" }, "\(finalRows.map(\.status))")
        let published = try Self.contents(of: outbox)

        // The reports arrive (each answered 2xx, so committed).
        deadline = ContinuousClock.now + .seconds(60)
        while try await fixture.gateway.stats().dlrsSent < total {
            try #require(ContinuousClock.now < deadline, "the gateway posted fewer than \(total) reports")
            try await Task.sleep(for: .milliseconds(100))
        }
        let statuses = try await Self.statuses(in: fixture.fixture.statePath)
        #expect(statuses.count == total)
        #expect(statuses.allSatisfy { $0 == .delivered }, "\(statuses)")

        // The publisher passes every second (dlrInterval): give it several, then its last pass at stop.
        try await Task.sleep(for: .seconds(4))
        #expect(try Self.contents(of: outbox) == published, "a file was published after the final file")
        let status = daemon.stop(with: SIGTERM)
        #expect(status == 0)
        #expect(try Self.contents(of: outbox) == published, "a file was published at stop")
        let failures = daemon.output.filter { $0.contains(" error ") || $0.contains(" critical ") }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Every file of `directory` and its bytes.
    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    /// The status of every message in the store.
    static func statuses(in statePath: String) async throws -> [MessageStatus] {
        let store = try SQLiteStore(directory: statePath, access: .operator)
        let statuses = Mutex<[MessageStatus]>([])
        for batch in try await store.batches() {
            try await store.forEachMessage(batchID: batch.id) { message in
                statuses.withLock { $0.append(message.status) }
            }
        }
        return statuses.withLock { $0 }
    }
}
