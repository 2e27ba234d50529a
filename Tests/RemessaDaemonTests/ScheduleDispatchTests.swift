import Foundation
import RemessaCore
import RemessaStore
import RemessaTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A campaign's schedule end to end (contract §10) through a real remessad, a real `http` gateway and its signed
/// delivery reports: nothing before `sendAt`, the first message within 2 s of it, nothing after `sendUntil`, the
/// rest `EXPIRED` (`SEND_UNTIL_PASSED`) in the DLR and final files; across a `kill -9` and a restart.
@Suite("Schedules end to end", .serialized, .timeLimit(.minutes(3)))
struct ScheduleDispatchTests {
    /// Stores an accepted batch of `count` messages named `name` in drop `acme` (route `gw`) with `settings`, as a
    /// campaign's ingestion leaves it (file done), before remessad starts.
    static func scheduledBatch(
        _ name: String,
        count: Int,
        settings: BatchSettings,
        fixture: HTTPDispatchFixture
    ) async throws -> Int64 {
        let store = try SQLiteStore(directory: fixture.fixture.statePath, access: .daemon)
        let batch = try await StoreFixture.acceptedBatch(
            name,
            route: HTTPDispatchFixture.routeName,
            count: count,
            settings: settings,
            in: store
        ) { index in
            StoreFixture.draft(line: index + 2, destination: "55119\(String(format: "%08d", 10_000_000 + index))")
        }
        try await store.setStage(.done, of: batch.file)
        return batch.file
    }

    /// The batch's messages as the store has them now.
    static func messages(_ batchID: Int64, fixture: HTTPDispatchFixture) async throws -> [MessageRecord] {
        let store = try SQLiteStore(directory: fixture.fixture.statePath, access: .operator)
        let records = Mutex<[MessageRecord]>([])
        try await store.forEachMessage(batchID: batchID) { record in records.withLock { $0.append(record) } }
        return records.withLock { $0 }
    }

    /// Waits until `condition` holds, polling every 50 ms; false after `timeout`.
    static func wait(timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// The gateway has received nothing, read before the clock: when the clock then still shows a time before
    /// `sendAt`, whatever the count holds came early. A run so loaded that `sendAt` passed first proves nothing
    /// here (the store's submission times are checked after).
    static func expectNothingSent(before sendAt: Date, fixture: HTTPDispatchFixture) async throws {
        let received = try await fixture.gateway.stats().messages
        guard Date() < sendAt else {
            print("sendAt passed before the check (a loaded run): \(received) received so far")
            return
        }
        #expect(received == 0, "the gateway got \(received) messages before sendAt")
    }

    @Test("Nothing goes before sendAt across a kill -9; the first message follows within 2 s of it")
    func sendAtAcrossKill() async throws {
        let fixture = try await HTTPDispatchFixture()
        defer { fixture.remove() }
        // Whole seconds: the store keeps them exactly. Far enough ahead for a loaded run to start remessad twice.
        let sendAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 15).rounded(.up))
        let batch = try await Self.scheduledBatch(
            "natal.campaign.json",
            count: 20,
            settings: BatchSettings(label: "Natal", sender: "LOJA", sendAt: sendAt),
            fixture: fixture
        )
        #expect(try await Self.messages(batch, fixture: fixture).allSatisfy { $0.status == .scheduled })

        let first = try fixture.startDaemon(untilIdle: false)
        try await Task.sleep(for: .seconds(2))
        try await Self.expectNothingSent(before: sendAt, fixture: fixture)
        #expect(first.stop(with: SIGKILL) == 128 + SIGKILL)

        let second = try fixture.startDaemon(untilIdle: false)
        defer { _ = second.stop(with: SIGKILL) }
        try await Task.sleep(until: .now + .seconds(max(0, sendAt.timeIntervalSinceNow - 0.5)))
        try await Self.expectNothingSent(before: sendAt, fixture: fixture)
        // How late this process's own timers run in the same seconds: a saturated full run on 2 cores delays
        // every process alike, and that delay is the machine's, not the schedule's.
        let starvation = Task { () -> Double in
            var late = 0.0
            for _ in 0..<25 {
                let asleep = Date()
                try? await Task.sleep(for: .milliseconds(100))
                late += max(0, Date().timeIntervalSince(asleep) - 0.1)
            }
            return late
        }
        let delivered = try await Self.wait(timeout: .seconds(30)) {
            try await Self.messages(batch, fixture: fixture).allSatisfy { $0.status == .delivered }
        }
        #expect(delivered)
        let submitted = try await Self.messages(batch, fixture: fixture).compactMap(\.submittedAt)
        #expect(submitted.count == 20)
        let firstSubmit = try #require(submitted.min())
        #expect(firstSubmit >= sendAt)
        let machineDelay = await starvation.value
        #expect(
            firstSubmit.timeIntervalSince(sendAt) < 2 + machineDelay,
            "first submission \(firstSubmit) for sendAt \(sendAt); timers ran \(machineDelay) s late meanwhile"
        )
        let posted = try fixture.gateway.loggedMessages()
        #expect(Set(posted.map(\.id)).count == 20)

        // The final file, as for any batch: every message delivered.
        let final = try await Self.wait(timeout: .seconds(20)) {
            FileManager.default.fileExists(atPath: fixture.drop + "/outbox/natal.campaign.json.final.csv")
        }
        #expect(final)
        #expect(try fixture.finalRows("natal.campaign.json").allSatisfy { $0.status == "DELIVERED" })
    }

    @Test("At sendUntil the rest ends EXPIRED, SEND_UNTIL_PASSED, across a restart; nothing is submitted after it")
    func sendUntilAcrossRestart() async throws {
        let fixture = try await HTTPDispatchFixture(route: ["rate": "2", "burst": "1"])
        defer { fixture.remove() }
        let sendUntil = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 12).rounded(.up))
        let batch = try await Self.scheduledBatch(
            "promo.campaign.json",
            count: 40,
            settings: BatchSettings(sendUntil: sendUntil),
            fixture: fixture
        )
        // A scheduled batch whose whole window passes while remessad is down: none of it goes.
        let missed = try await Self.scheduledBatch(
            "perdida.campaign.json",
            count: 3,
            settings: BatchSettings(sendAt: sendUntil - 5, sendUntil: sendUntil - 4),
            fixture: fixture
        )

        let first = try fixture.startDaemon(untilIdle: false)
        // Killed before the missed batch's sendAt.
        let killBy = sendUntil.timeIntervalSinceNow - 6
        #expect(try await Self.wait(timeout: .seconds(killBy)) { try await fixture.gateway.stats().messages >= 3 })
        #expect(first.stop(with: SIGKILL) == 128 + SIGKILL)
        // Down across the missed batch's window.
        try await Task.sleep(until: .now + .seconds(max(0, sendUntil.timeIntervalSinceNow - 3)))

        let second = try fixture.startDaemon(untilIdle: false)
        defer { _ = second.stop(with: SIGKILL) }
        let ended = try await Self.wait(timeout: .seconds(30)) {
            try await Self.messages(batch, fixture: fixture).allSatisfy { $0.status.isTerminal }
                && FileManager.default.fileExists(atPath: fixture.drop + "/outbox/promo.campaign.json.final.csv")
                && FileManager.default.fileExists(atPath: fixture.drop + "/outbox/perdida.campaign.json.final.csv")
        }
        #expect(ended)
        let messages = try await Self.messages(batch, fixture: fixture)
        let sent = messages.filter { $0.submittedAt != nil }
        let expired = messages.filter { $0.status == .expired }
        #expect(sent.count >= 3)
        #expect(sent.count < 40)
        #expect(sent.allSatisfy { $0.submittedAt! < sendUntil.addingTimeInterval(1) }, "\(sent.map(\.submittedAt))")
        #expect(expired.count + sent.count == 40)
        #expect(expired.allSatisfy { $0.reasonCode == "SEND_UNTIL_PASSED" })
        // Ended within a couple of seconds of sendUntil, not at a slow rescan.
        #expect(expired.allSatisfy { $0.doneAt!.timeIntervalSince(sendUntil) < 2.5 }, "\(expired.map(\.doneAt))")

        // The DLR files report the expiries; the final file shows every message.
        let reported = try fixture.deliveryReportRows("promo.campaign.json")
        #expect(reported.filter { $0[4] == "EXPIRED" && $0[5] == "SEND_UNTIL_PASSED" }.count == expired.count)
        let final = try fixture.finalRows("promo.campaign.json")
        #expect(final.count == 40)
        #expect(final.filter { $0.status == "EXPIRED" }.count == expired.count)

        let lost = try await Self.messages(missed, fixture: fixture)
        #expect(lost.count == 3)
        #expect(lost.allSatisfy { $0.status == .expired && $0.reasonCode == "SEND_UNTIL_PASSED" })
        #expect(lost.allSatisfy { $0.submittedAt == nil })
        let posted = Set(try fixture.gateway.loggedMessages().map(\.id))
        #expect(lost.allSatisfy { !posted.contains(String($0.id)) })
    }
}
