import Foundation
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A graceful stop (SIGTERM to a real remessad) while the store on a full tmpfs takes no outcome: the dispatcher
/// retries for `RouteDispatcher.stopRetryLimit` (30 s), says how many outcomes it could not record, and exits;
/// after a restart with space those messages are sent again (at most `maxInFlight` of them), none lost.
///
/// The test waits the whole 30 s rather than freeing space inside the window: the point of this path is what
/// happens when space never returns (the log line, its count, a clean exit, and a restart that sends what was
/// not recorded); the window that ends in a successful commit is the same code as a recovery while running,
/// which `FullDiskDispatchTests` already covers.
@Suite("Graceful stop with unrecorded outcomes", .serialized, .timeLimit(.minutes(5)))
struct StopWithUncommittedTests {
    @Test("SIGTERM on a full disk: 30 s of retries, the count logged, exit 0; a restart sends them, none lost")
    func stopWhileCommitsFail() async throws {
        // 20 s of sending at 10/s: on a loaded machine the disk still fills long before the last message.
        let total = 200
        let (fixture, filler) = try await FullDiskDispatchTests.fullDiskFixture(total: total)
        defer { FullDiskDispatchTests.removeFullDisk(fixture) }

        let daemon = try fixture.startDaemon(untilIdle: false)
        defer { if daemon.child.exitStatusIfEnded() == nil { daemon.stop(with: SIGKILL) } }
        #expect(try await waitForAccepted(fixture.gateway, atLeast: 20, orExitOf: daemon))
        _ = try FullDiskDispatchTests.fill(filler)
        let accepted = try await fixture.gateway.stats().messages
        try #require(accepted < total, "the disk filled too late to matter: \(accepted) of \(total) sent")
        let paused = await daemon.waitForLines { $0.contains("Cannot record outcomes: the route stops sending") }
        try #require(paused, "the route never failed a commit:\n\(daemon.output.suffix(20).joined(separator: "\n"))")

        let stopped = ContinuousClock.now
        daemon.child.send(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(90))
        let took = ContinuousClock.now - stopped
        let output = daemon.output
        #expect(status == 0, "remessad after SIGTERM: \(status)\n\(output.suffix(30).joined(separator: "\n"))")
        #expect(took >= .seconds(29), "it stopped after \(took), before the 30 s of retries")
        let lines = output.filter { $0.contains("Outcomes not recorded at stop") }
        try #require(lines.count == 1, "\(output.suffix(30).joined(separator: "\n"))")
        let line = lines[0]
        #expect(line.contains("remessa.retriedForSeconds=30"), "\(line)")
        let count = try #require(Self.metadata("remessa.outcomes", in: line).flatMap { Int($0) }, "\(line)")
        #expect(count > 0 && count <= fixture.maxInFlight, "\(count) outcomes not recorded: \(line)")
        #expect(output.contains { $0.contains("remessad stopped") })

        // Space returns: the restart sends what was not recorded again (the gateway sees those as duplicates),
        // and every message ends once.
        try FileManager.default.removeItem(atPath: filler)
        try await fixture.runUntilIdle()
        let stats = try await fixture.gateway.stats()
        print(
            "StopWithUncommittedTests: \(count) outcomes not recorded at stop after \(took); \(stats.duplicates) re-sent"
        )
        #expect(stats.duplicates <= count, "\(stats.duplicates) re-sent, \(count) unrecorded")
        #expect(stats.duplicates <= fixture.maxInFlight)
        let logged = try fixture.gateway.loggedMessages()
        #expect(Set(logged.map(\.id)).count == total, "\(Set(logged.map(\.id)).count) of \(total) messages sent")
        let store = try await fixture.terminalEvents()
        #expect(store.messages == total)
        let wrong = store.terminalEvents.filter { $0.value != 1 }
        #expect(store.terminalEvents.count == total && wrong.isEmpty, "not one terminal event: \(wrong.prefix(10))")
        let rows = try fixture.finalRows()
        #expect(rows.count == total)
        #expect(rows.allSatisfy { $0.status == "DELIVERED" })
    }

    /// The value of `key=` in a log line, up to the next space.
    static func metadata(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: key + "=") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }
}
