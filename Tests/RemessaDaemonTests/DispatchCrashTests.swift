import Foundation
import RemessaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` remessad while it sends through a real `http` gateway, restart it, again and again: every message
/// ends terminal exactly once, and only what was in flight at a kill is POSTed again.
@Suite("Crash safety of dispatch", .serialized)
struct DispatchCrashTests {
    @Test("Killed with SIGKILL 26 times while sending: one terminal event per message, resends within maxInFlight")
    func killNineWhileSending() async throws {
        let total = 4000
        let fixture = try await HTTPDispatchFixture(route: ["rate": "400", "burst": "40", "maxInFlight": "16"])
        defer { fixture.remove() }
        try fixture.contacts(total)
        let maxInFlight = fixture.maxInFlight

        // Kill k comes once the gateway has accepted k × 130 messages (plus a few, so kills land at varied moments
        // of a request's life), each time into a freshly started remessad.
        var kills = 0
        var boundaries: [Int] = []
        for kill in 1...26 {
            let daemon = try fixture.startDaemon()
            let target = kill * 130 + (kill * 7) % 13
            let reached = try await waitForAccepted(fixture.gateway, atLeast: target, orExitOf: daemon)
            let status = daemon.stop(with: SIGKILL)
            #expect(reached, "remessad ended before \(target) messages were accepted: \(status)")
            if status == 128 + SIGKILL {
                kills += 1
            }
            // The killed remessad's last requests are still answered (and logged) by the gateway: let them finish.
            try await Task.sleep(for: .milliseconds(300))
            boundaries.append(try fixture.gateway.loggedMessages().count)
        }
        #expect(kills == 26)
        try await fixture.runUntilIdle(timeout: .seconds(180))

        // Exactly one terminal event per message in the store, and the final file all DELIVERED.
        let store = try await fixture.terminalEvents()
        #expect(store.messages == total)
        #expect(store.terminalEvents.count == total)
        let wrong = store.terminalEvents.filter { $0.value != 1 }
        #expect(wrong.isEmpty, "messages without exactly one terminal event: \(wrong.prefix(10))")
        let rows = try fixture.finalRows()
        #expect(rows.count == total)
        #expect(rows.allSatisfy { $0.status == "DELIVERED" })

        // Resent after kill k: ids accepted in an earlier run, POSTed again in a later one, counted where they
        // reappear. At most the in-flight window per kill.
        let log = try fixture.gateway.loggedMessages()
        var acceptedEarlier: Set<String> = []
        var start = 0
        var totalResent = 0
        for (index, end) in (boundaries + [log.count]).enumerated() {
            let segment = log[start..<end]
            let resent = Set(segment.filter { acceptedEarlier.contains($0.id) }.map(\.id))
            if index > 0 {
                print("resubmitted after kill #\(index): \(resent.count) (maxInFlight \(maxInFlight))")
                #expect(resent.count <= maxInFlight, "kill #\(index) resent \(resent.count) ids")
            }
            totalResent += resent.count
            acceptedEarlier.formUnion(segment.filter { $0.status == 200 }.map(\.id))
            start = end
        }
        #expect(acceptedEarlier.count == total, "every message reached the gateway")
        print("resubmitted in all: \(totalResent) ids over \(kills) kills")
    }
}

/// Waits until the gateway has accepted at least `count` messages; `false` if `daemon` exits first or 60 s pass.
func waitForAccepted(_ gateway: TestGateway, atLeast count: Int, orExitOf daemon: DaemonProcess) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while try await gateway.stats().messages < count {
        if daemon.child.exitStatusIfEnded() != nil || ContinuousClock.now >= deadline {
            return false
        }
        try await Task.sleep(for: .milliseconds(2))
    }
    return true
}
