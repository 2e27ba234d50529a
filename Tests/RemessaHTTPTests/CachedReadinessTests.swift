import RemessaHTTP
import Synchronization
import Testing

@Suite("Cached readiness checks", .timeLimit(.minutes(1)))
struct CachedReadinessTests {
    @Test("Callers during a run wait for it; after the interval the check runs again")
    func singleRunThenRefresh() async throws {
        let runs = Atomic<Int>(0)
        let base = ContinuousClock.now
        let elapsed = Mutex<Duration>(.zero)
        let check = ReadinessCheck("store") {
            let run = runs.add(1, ordering: .relaxed).newValue
            try? await Task.sleep(for: .milliseconds(200))
            return run == 1 ? .failing("the store is not writable") : .ok
        }
        .cached(for: .seconds(10)) { base + elapsed.withLock { $0 } }
        let statuses = await withTaskGroup(of: ReadinessCheck.Status.self) { group in
            for _ in 0..<8 {
                group.addTask { await check.check() }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.load(ordering: .relaxed) == 1)
        #expect(statuses == Array(repeating: .failing("the store is not writable"), count: 8))
        elapsed.withLock { $0 = .seconds(9) }
        #expect(await check.check() == .failing("the store is not writable"), "still within the interval")
        elapsed.withLock { $0 = .seconds(11) }
        #expect(await check.check() == .ok)
        #expect(runs.load(ordering: .relaxed) == 2)
    }

    @Test("A caller waiting for a run that does not end is cut off at the readiness timeout")
    func waiterHonoursTheTimeout() async throws {
        let (gate, opener) = AsyncStream.makeStream(of: Void.self)
        let started = Atomic<Bool>(false)
        let check = ReadinessCheck("store") {
            started.store(true, ordering: .relaxed)
            for await _ in gate { break }
            return .ok
        }
        .cached(for: .seconds(60))
        async let first = ReadinessReport.evaluate([check], timeout: .seconds(600))
        while !started.load(ordering: .relaxed) { await Task.yield() }
        // The run cannot end before the gate opens: only the timeout can answer the second caller.
        let second = await ReadinessReport.evaluate([check], timeout: .milliseconds(200))
        #expect(!second.isReady)
        opener.yield()
        opener.finish()
        #expect(await first.isReady)
    }
}
