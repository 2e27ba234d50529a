import RemessaHTTP
import Synchronization
import Testing

@Suite("Cached readiness checks", .timeLimit(.minutes(1)))
struct CachedReadinessTests {
    @Test("Callers during a run wait for it; after the interval the check runs again")
    func singleRunThenRefresh() async throws {
        let runs = Atomic<Int>(0)
        let check = ReadinessCheck("store") {
            let run = runs.add(1, ordering: .relaxed).newValue
            try? await Task.sleep(for: .milliseconds(200))
            return run == 1 ? .failing("the store is not writable") : .ok
        }
        .cached(for: .milliseconds(500))
        let statuses = await withTaskGroup(of: ReadinessCheck.Status.self) { group in
            for _ in 0..<8 {
                group.addTask { await check.check() }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.load(ordering: .relaxed) == 1)
        #expect(statuses == Array(repeating: .failing("the store is not writable"), count: 8))
        #expect(await check.check() == .failing("the store is not writable"), "still within the interval")
        try await Task.sleep(for: .milliseconds(700))
        #expect(await check.check() == .ok)
        #expect(runs.load(ordering: .relaxed) == 2)
    }

    @Test("A caller waiting for a slow run is cut off at the readiness timeout")
    func waiterHonoursTheTimeout() async throws {
        let check = ReadinessCheck("store") {
            try? await Task.sleep(for: .seconds(3))
            return .ok
        }
        .cached(for: .seconds(60))
        async let first = ReadinessReport.evaluate([check], timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        let second = await ReadinessReport.evaluate([check], timeout: .milliseconds(200))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(!second.isReady)
        #expect(await first.isReady)
    }
}
